using System.Globalization;
using System.Text;

namespace Clientele.Marketing.Assignment;

/// <summary>
/// GrowthBook's deterministic hashing of (seed, value) to a number in [0, 1), so that the same campaign seed and
/// customer id always land in the same bucket, in this program and in any GrowthBook SDK.
/// </summary>
/// <remarks>
/// Both versions use the 32-bit FNV-1a hash (offset basis 2166136261, prime 16777619) of the UTF-8 bytes.
/// Version 1: <c>fnv1a(value + seed) mod 1000 / 1000</c>. Version 2 (the default; better spread for similar seeds):
/// <c>fnv1a(decimal string of fnv1a(seed + value)) mod 10000 / 10000</c>. Checked against the "hash" cases of
/// GrowthBook's SDK specification (packages/sdk-js/test/cases.json).
/// </remarks>
public static class GrowthBookHash
{
    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    /// <summary>The bucket of <paramref name="value"/> under <paramref name="seed"/>, in [0, 1).</summary>
    public static double Hash(string seed, string value, int version = 2)
    {
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentNullException.ThrowIfNull(value);
        return version switch
        {
            1 => Fnv1a32(value + seed) % 1000 / 1000.0,
            2 => Fnv1a32(Fnv1a32(seed + value).ToString(CultureInfo.InvariantCulture)) % 10000 / 10000.0,
            _ => throw new ArgumentOutOfRangeException(nameof(version), version, "GrowthBook hashing has versions 1 and 2."),
        };
    }

    /// <summary>32-bit FNV-1a of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static uint Fnv1a32(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetMaxByteCount(text.Length) <= buffer.Length
            ? buffer[..Encoding.UTF8.GetBytes(text, buffer)]
            : Encoding.UTF8.GetBytes(text);
        var hash = OffsetBasis;
        foreach (var b in bytes)
        {
            hash ^= b;
            hash = unchecked(hash * Prime);
        }
        return hash;
    }
}
