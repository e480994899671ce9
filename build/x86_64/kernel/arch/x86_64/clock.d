build/x86_64/kernel/arch/x86_64/clock.o: kernel/arch/x86_64/clock.c \
 kernel/include/kiln/arch.h kernel/include/kiln/log.h \
 kernel/include/kiln/mm.h kernel/include/kiln/boot.h \
 kernel/include/kiln/time.h kernel/arch/x86_64/x86.h
kernel/include/kiln/arch.h:
kernel/include/kiln/log.h:
kernel/include/kiln/mm.h:
kernel/include/kiln/boot.h:
kernel/include/kiln/time.h:
kernel/arch/x86_64/x86.h:
