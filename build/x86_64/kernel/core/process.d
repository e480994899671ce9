build/x86_64/kernel/core/process.o: kernel/core/process.c \
 kernel/include/kiln/arch.h kernel/include/kiln/elf.h \
 kernel/include/kiln/errno.h kernel/include/kiln/log.h \
 kernel/include/kiln/mm.h kernel/include/kiln/boot.h \
 kernel/include/kiln/process.h kernel/include/kiln/random.h \
 kernel/include/kiln/time.h kernel/include/kiln/uvm.h \
 kernel/include/libc/string.h
kernel/include/kiln/arch.h:
kernel/include/kiln/elf.h:
kernel/include/kiln/errno.h:
kernel/include/kiln/log.h:
kernel/include/kiln/mm.h:
kernel/include/kiln/boot.h:
kernel/include/kiln/process.h:
kernel/include/kiln/random.h:
kernel/include/kiln/time.h:
kernel/include/kiln/uvm.h:
kernel/include/libc/string.h:
