build/x86_64/kernel/core/random.o: kernel/core/random.c \
 kernel/include/kiln/arch.h kernel/include/kiln/log.h \
 kernel/include/kiln/random.h kernel/include/libc/string.h
kernel/include/kiln/arch.h:
kernel/include/kiln/log.h:
kernel/include/kiln/random.h:
kernel/include/libc/string.h:
