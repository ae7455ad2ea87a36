using System.IO.Compression;
using System.Text;
using Clientele.Core;

namespace Clientele.Data.Ingest;

/// <summary>What an input file turned out to be, from its first bytes rather than its name.</summary>
internal enum InputKind
{
    Text,
    GzipText,
    Parquet,
}

/// <summary>
/// Opens an input file for streaming: checks that it exists, is not empty and is not binary,
/// and sees through gzip. Everything a user could get wrong here becomes a one-line <see cref="ClienteleException"/>.
/// </summary>
internal static class InputFile
{
    private const int SniffBytes = 64 * 1024;

    public static InputKind Inspect(string path)
    {
        if (Directory.Exists(path))
        {
            throw new ClienteleException("is a folder, not a file", path);
        }
        if (!File.Exists(path))
        {
            throw new ClienteleException("no such file", path);
        }
        var length = new FileInfo(path).Length;
        if (length == 0)
        {
            throw new ClienteleException("the file is empty", path);
        }
        Span<byte> magic = stackalloc byte[4];
        using (var probe = File.OpenRead(path))
        {
            var read = probe.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
            magic = magic[..read];
        }
        if (magic.Length >= 2 && magic[0] == 0x1F && magic[1] == 0x8B)
        {
            CheckText(path, gzip: true);
            return InputKind.GzipText;
        }
        if (magic.Length == 4 && magic.SequenceEqual("PAR1"u8))
        {
            return InputKind.Parquet;
        }
        CheckText(path, gzip: false);
        return InputKind.Text;
    }

    /// <summary>
    /// Opens the file's text (decompressing gzip) in <paramref name="encoding"/>, or the one <see cref="TextEncoding.Detect"/>
    /// finds; <paramref name="file"/> is the raw file stream, for progress. The decoder is strict (see <see cref="TextEncoding"/>).
    /// </summary>
    public static StreamReader OpenText(string path, InputKind kind, out FileStream file, Encoding? encoding = null)
    {
        encoding ??= DetectEncoding(path, kind);
        file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        Stream stream = kind == InputKind.GzipText ? new VerifiedGzipStream(file) : file;
        // The encoding's own byte-order mark is skipped; another encoding's is not taken as a hint over --encoding.
        return new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
    }

    /// <summary>The encoding of a text file's first bytes (see <see cref="TextEncoding.Detect"/>).</summary>
    public static Encoding DetectEncoding(string path, InputKind kind)
    {
        var buffer = new byte[4096];
        using var file = File.OpenRead(path);
        using Stream stream = kind == InputKind.GzipText ? new GZipStream(file, CompressionMode.Decompress) : file;
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return TextEncoding.Detect(buffer.AsSpan(0, read));
    }

    /// <summary>A text file has no NUL bytes in its first 64 KiB; anything else is rejected before parsing.</summary>
    private static void CheckText(string path, bool gzip)
    {
        var buffer = new byte[SniffBytes];
        int read;
        try
        {
            using var file = File.OpenRead(path);
            using Stream stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
            read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw new ClienteleException($"the gzip data is corrupt ({e.Message})", path);
        }
        if (read == 0)
        {
            throw new ClienteleException(gzip ? "the file is empty (after decompression)" : "the file is empty", path);
        }
        if (buffer.AsSpan(0, read).Contains((byte)0) && !TextEncoding.IsWide(TextEncoding.Detect(buffer.AsSpan(0, read))))
        {
            throw new ClienteleException("this is a binary file, not CSV, text or Parquet", path);
        }
    }
}
