build/x86_64/kernel/core/cmdline.o: kernel/core/cmdline.c \
 kernel/include/kiln/cmdline.h kernel/include/libc/string.h
kernel/include/kiln/cmdline.h:
kernel/include/libc/string.h:
