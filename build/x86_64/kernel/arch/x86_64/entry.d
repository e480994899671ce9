build/x86_64/kernel/arch/x86_64/entry.o: kernel/arch/x86_64/entry.S
