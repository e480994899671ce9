build/x86_64/kernel/core/page.o: kernel/core/page.c \
 kernel/include/kiln/log.h kernel/include/kiln/mm.h \
 kernel/include/kiln/arch.h kernel/include/kiln/boot.h \
 kernel/include/libc/string.h
kernel/include/kiln/log.h:
kernel/include/kiln/mm.h:
kernel/include/kiln/arch.h:
kernel/include/kiln/boot.h:
kernel/include/libc/string.h:
