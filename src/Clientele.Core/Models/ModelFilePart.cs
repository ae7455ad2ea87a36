namespace Clientele.Core.Models;

/// <summary>
/// A binary part of a <see cref="ModelFile"/>, written after its document: its name, its length in bytes, and how to
/// write those bytes, so that a part larger than one array (ten million customers' factors) is written in pieces from
/// the arrays the model already holds instead of being copied into one.
/// </summary>
/// <param name="Name">The part's name, unique in the file.</param>
/// <param name="Bytes">The number of bytes <paramref name="WriteTo"/> writes.</param>
/// <param name="WriteTo">Writes the part's bytes to the stream it is given.</param>
public sealed record ModelFilePart(string Name, long Bytes, Action<Stream> WriteTo)
{
    /// <summary>A part whose bytes are already in one array.</summary>
    public static ModelFilePart Of(string name, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return new(name, bytes.LongLength, stream => stream.Write(bytes));
    }
}
