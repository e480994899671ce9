build/x86_64/kernel/core/log.o: kernel/core/log.c \
 kernel/include/kiln/arch.h kernel/include/kiln/fmt.h \
 kernel/include/kiln/log.h kernel/include/kiln/time.h \
 kernel/include/libc/string.h
kernel/include/kiln/arch.h:
kernel/include/kiln/fmt.h:
kernel/include/kiln/log.h:
kernel/include/kiln/time.h:
kernel/include/libc/string.h:
