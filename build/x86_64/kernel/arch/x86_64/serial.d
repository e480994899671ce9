build/x86_64/kernel/arch/x86_64/serial.o: kernel/arch/x86_64/serial.c \
 kernel/include/kiln/arch.h kernel/arch/x86_64/x86.h
kernel/include/kiln/arch.h:
kernel/arch/x86_64/x86.h:
