build/x86_64/kernel/core/uvm.o: kernel/core/uvm.c \
 kernel/include/kiln/errno.h kernel/include/kiln/log.h \
 kernel/include/kiln/mm.h kernel/include/kiln/arch.h \
 kernel/include/kiln/boot.h kernel/include/kiln/uvm.h \
 kernel/include/libc/string.h
kernel/include/kiln/errno.h:
kernel/include/kiln/log.h:
kernel/include/kiln/mm.h:
kernel/include/kiln/arch.h:
kernel/include/kiln/boot.h:
kernel/include/kiln/uvm.h:
kernel/include/libc/string.h:
