build/x86_64/kernel/arch/x86_64/arch.o: kernel/arch/x86_64/arch.c \
 kernel/include/kiln/arch.h kernel/include/kiln/boot.h \
 kernel/include/kiln/errno.h kernel/include/kiln/log.h \
 kernel/include/kiln/mm.h kernel/include/kiln/process.h \
 kernel/include/kiln/uvm.h kernel/include/libc/string.h \
 kernel/arch/x86_64/x86.h
kernel/include/kiln/arch.h:
kernel/include/kiln/boot.h:
kernel/include/kiln/errno.h:
kernel/include/kiln/log.h:
kernel/include/kiln/mm.h:
kernel/include/kiln/process.h:
kernel/include/kiln/uvm.h:
kernel/include/libc/string.h:
kernel/arch/x86_64/x86.h:
