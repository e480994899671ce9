build/x86_64/kernel/core/heap.o: kernel/core/heap.c \
 kernel/include/kiln/log.h kernel/include/kiln/mm.h \
 kernel/include/kiln/arch.h kernel/include/kiln/boot.h \
 kernel/include/libc/string.h
kernel/include/kiln/log.h:
kernel/include/kiln/mm.h:
kernel/include/kiln/arch.h:
kernel/include/kiln/boot.h:
kernel/include/libc/string.h:
