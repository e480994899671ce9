build/x86_64/kernel/core/vm.o: kernel/core/vm.c \
 kernel/include/kiln/errno.h kernel/include/kiln/log.h \
 kernel/include/kiln/mm.h kernel/include/kiln/arch.h \
 kernel/include/kiln/boot.h kernel/include/libc/string.h
kernel/include/kiln/errno.h:
kernel/include/kiln/log.h:
kernel/include/kiln/mm.h:
kernel/include/kiln/arch.h:
kernel/include/kiln/boot.h:
kernel/include/libc/string.h:
