build/x86_64/kernel/core/time.o: kernel/core/time.c \
 kernel/include/kiln/arch.h kernel/include/kiln/time.h
kernel/include/kiln/arch.h:
kernel/include/kiln/time.h:
