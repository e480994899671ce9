build/x86_64/kernel/core/main.o: kernel/core/main.c \
 kernel/include/kiln/arch.h kernel/include/kiln/boot.h \
 kernel/include/kiln/cmdline.h kernel/include/kiln/fmt.h \
 kernel/include/kiln/log.h kernel/include/kiln/mm.h \
 kernel/include/kiln/process.h kernel/include/kiln/random.h \
 kernel/include/kiln/time.h kernel/include/libc/string.h
kernel/include/kiln/arch.h:
kernel/include/kiln/boot.h:
kernel/include/kiln/cmdline.h:
kernel/include/kiln/fmt.h:
kernel/include/kiln/log.h:
kernel/include/kiln/mm.h:
kernel/include/kiln/process.h:
kernel/include/kiln/random.h:
kernel/include/kiln/time.h:
kernel/include/libc/string.h:
