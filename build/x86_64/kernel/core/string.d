build/x86_64/kernel/core/string.o: kernel/core/string.c \
 kernel/include/libc/stdlib.h kernel/include/libc/string.h
kernel/include/libc/stdlib.h:
kernel/include/libc/string.h:
