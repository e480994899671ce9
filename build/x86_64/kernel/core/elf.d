build/x86_64/kernel/core/elf.o: kernel/core/elf.c \
 kernel/include/kiln/arch.h kernel/include/kiln/elf.h \
 kernel/include/kiln/errno.h kernel/include/libc/string.h
kernel/include/kiln/arch.h:
kernel/include/kiln/elf.h:
kernel/include/kiln/errno.h:
kernel/include/libc/string.h:
