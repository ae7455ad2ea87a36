using System.Buffers;
using System.IO.Compression;
using System.Text;
using System.Text.Unicode;
using Clientele.Core;

namespace Clientele.Data.Ingest;

/// <summary>
/// The text encoding of an input file. Without <c>--encoding</c>: a byte-order mark decides (UTF-8, UTF-16 or UTF-32,
/// either byte order); without one, UTF-16 or UTF-32 is recognised from the zero bytes of ASCII text; anything else is
/// read as UTF-8. Every decoder is strict: a byte the encoding does not allow stops the ingest with its line and a
/// hint to use <c>--encoding</c>, so no replacement character (U+FFFD) ever reaches the store.
/// </summary>
internal static class TextEncoding
{
    private const int SniffBytes = 4096;

    /// <summary>The encoding <c>--encoding NAME</c> names, strict; null for no name.</summary>
    public static Encoding? Resolve(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }
        var key = name.Trim().ToLowerInvariant().Replace("_", "-", StringComparison.Ordinal);
        switch (key)
        {
            case "utf-8" or "utf8":
                return StrictUtf8;
            case "utf-16" or "utf16" or "utf-16le" or "utf16le" or "unicode":
                return new UnicodeEncoding(bigEndian: false, byteOrderMark: true, throwOnInvalidBytes: true);
            case "utf-16be" or "utf16be":
                return new UnicodeEncoding(bigEndian: true, byteOrderMark: true, throwOnInvalidBytes: true);
            case "utf-32" or "utf32" or "utf-32le" or "utf32le":
                return new UTF32Encoding(bigEndian: false, byteOrderMark: true, throwOnInvalidCharacters: true);
            case "utf-32be" or "utf32be":
                return new UTF32Encoding(bigEndian: true, byteOrderMark: true, throwOnInvalidCharacters: true);
            case "latin1" or "latin-1" or "iso-8859-1" or "iso8859-1":
                return Encoding.Latin1;
            default:
                break;
        }
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        try
        {
            return Encoding.GetEncoding(key, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        }
        catch (ArgumentException)
        {
            throw new ClienteleException($"--encoding {name}: not an encoding this machine knows; try latin1, windows-1252, iso-8859-15, utf-16 or utf-8");
        }
    }

    /// <summary>The encoding of the text in <paramref name="start"/> (the file's first bytes) when none is given.</summary>
    public static Encoding Detect(ReadOnlySpan<byte> start)
    {
        if (start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]))
        {
            return new UTF32Encoding(bigEndian: false, byteOrderMark: true, throwOnInvalidCharacters: true);
        }
        if (start.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            return new UTF32Encoding(bigEndian: true, byteOrderMark: true, throwOnInvalidCharacters: true);
        }
        if (start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return new UnicodeEncoding(bigEndian: false, byteOrderMark: true, throwOnInvalidBytes: true);
        }
        if (start.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return new UnicodeEncoding(bigEndian: true, byteOrderMark: true, throwOnInvalidBytes: true);
        }
        // No mark: ASCII-range text in UTF-16 has a zero byte in every other place, in UTF-32 three in every four.
        var sample = start[..Math.Min(start.Length, SniffBytes)];
        sample = sample[..(sample.Length / 4 * 4)];
        if (sample.Length >= 8)
        {
            Span<int> zeros = stackalloc int[4];
            for (var i = 0; i < sample.Length; i++)
            {
                zeros[i % 4] += sample[i] == 0 ? 1 : 0;
            }
            // A zero byte is a NUL in 8-bit text (none in a text file), so half the high bytes zero is decisive; a
            // low byte is zero only for U+0000, U+0100, … (almost never). The UTF-32 high bytes are zero for any BMP text.
            var quarter = sample.Length / 4;
            bool Half(int count) => count >= quarter * 0.5;
            bool All(int count) => count >= quarter * 0.95;
            bool Rarely(int count) => count <= quarter * 0.05;
            if (Rarely(zeros[0]) && All(zeros[2]) && All(zeros[3]))
            {
                return new UTF32Encoding(bigEndian: false, byteOrderMark: true, throwOnInvalidCharacters: true);
            }
            if (All(zeros[0]) && All(zeros[1]) && Rarely(zeros[3]))
            {
                return new UTF32Encoding(bigEndian: true, byteOrderMark: true, throwOnInvalidCharacters: true);
            }
            if (Rarely(zeros[0]) && Rarely(zeros[2]) && Half(zeros[1]) && Half(zeros[3]))
            {
                return new UnicodeEncoding(bigEndian: false, byteOrderMark: true, throwOnInvalidBytes: true);
            }
            if (Half(zeros[0]) && Half(zeros[2]) && Rarely(zeros[1]) && Rarely(zeros[3]))
            {
                return new UnicodeEncoding(bigEndian: true, byteOrderMark: true, throwOnInvalidBytes: true);
            }
        }
        return StrictUtf8;
    }

    /// <summary>UTF-8 that throws on invalid bytes (and skips a byte-order mark).</summary>
    public static Encoding StrictUtf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: true);

    /// <summary>True for the encodings whose text has zero bytes (so a zero byte does not mean a binary file).</summary>
    public static bool IsWide(Encoding encoding) => encoding is UnicodeEncoding or UTF32Encoding;

    /// <summary>
    /// The one-line error for a file whose bytes <paramref name="encoding"/> cannot decode: the first bad byte's line
    /// (found by reading the bytes again) and what to do.
    /// </summary>
    public static ClienteleException NotDecodable(string path, InputKind kind, Encoding encoding, DecoderFallbackException e)
    {
        var (line, value) = FirstBadByte(path, kind, encoding);
        var name = encoding is UTF8Encoding ? "UTF-8" : encoding.WebName;
        var hint = encoding is UTF8Encoding
            ? "the file is in another encoding; give --encoding latin1, --encoding windows-1252 or the encoding that wrote it"
            : "give --encoding with the encoding that wrote the file";
        var what = value is { } b ? $"byte 0x{b:X2} is not valid {name}" : $"the text is not valid {name}";
        return line is { } l
            ? new ClienteleException($"{what} ({hint}); nothing was ingested", path, l, innerException: e)
            : new ClienteleException($"{what} ({hint}); nothing was ingested", path, innerException: e);
    }

    private static int FirstInvalid(ReadOnlySpan<byte> bytes, bool[] valid)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            if (!valid[bytes[i]])
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>The line and value of the first byte the encoding rejects (UTF-8 and single-byte encodings; else unknown).</summary>
    private static (long? Line, byte? Value) FirstBadByte(string path, InputKind kind, Encoding encoding)
    {
        if (encoding is not UTF8Encoding && !encoding.IsSingleByte)
        {
            return (null, null);
        }
        var valid = new bool[256];
        if (encoding.IsSingleByte)
        {
            for (var b = 0; b < 256; b++)
            {
                try
                {
                    encoding.GetChars([(byte)b]);
                    valid[b] = true;
                }
                catch (DecoderFallbackException)
                {
                    valid[b] = false;
                }
            }
        }
        using var file = File.OpenRead(path);
        using Stream stream = kind == InputKind.GzipText ? new GZipStream(file, CompressionMode.Decompress) : file;
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        var chars = ArrayPool<char>.Shared.Rent(1 << 16);
        try
        {
            long line = 1;
            var carried = 0;
            while (true)
            {
                var read = stream.ReadAtLeast(buffer.AsSpan(carried, (1 << 16) - carried), (1 << 16) - carried, throwOnEndOfStream: false);
                var final = read < (1 << 16) - carried;
                var bytes = buffer.AsSpan(0, carried + read);
                int bad = -1, consumed = bytes.Length;
                if (encoding.IsSingleByte)
                {
                    bad = FirstInvalid(bytes, valid);
                }
                else
                {
                    var status = Utf8.ToUtf16(bytes, chars, out consumed, out _, replaceInvalidSequences: false, isFinalBlock: final);
                    bad = status == OperationStatus.InvalidData ? consumed : -1;
                }
                if (bad >= 0)
                {
                    return (line + bytes[..bad].Count((byte)'\n'), bytes[bad]);
                }
                line += bytes[..consumed].Count((byte)'\n');
                if (final)
                {
                    break;
                }
                carried = bytes.Length - consumed;
                bytes[consumed..].CopyTo(buffer);
            }
            return (null, null);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ArrayPool<char>.Shared.Return(chars);
        }
    }
}
