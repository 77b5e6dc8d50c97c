/*
 * TEST-ONLY stand-in for a part of Windows, not of Kiroku.
 *
 * Go 1.26's runtime gets its random bytes from ProcessPrng in
 * bcryptprimitives.dll (Windows 10 and later). Debian's Wine 8.0 lacks that
 * DLL, so every Go program dies at start under it ("bcryptprimitives.dll
 * not found"). scripts/dist-test.sh builds this shim with mingw-w64 and puts
 * it in the test WINEPREFIX's system32 only; it is never shipped. It draws
 * from RtlGenRandom (advapi32's SystemFunction036), which Wine provides.
 */
#include <windows.h>

BOOLEAN NTAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
