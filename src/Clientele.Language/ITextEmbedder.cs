namespace Clientele.Language;

/// <summary>
/// Turns texts into fixed-length vectors whose cosine similarity reflects similarity of meaning. Implementations are
/// thread-safe; the vectors they return are new arrays the caller owns.
/// </summary>
public interface ITextEmbedder
{
    /// <summary>The length of every vector.</summary>
    int Dimensions { get; }

    /// <summary>The vector of one text (an empty text has a vector too).</summary>
    float[] Embed(string text);

    /// <summary>
    /// The vectors of many texts, in the order given; the same vectors as embedding each text alone, computed in
    /// batches on all cores.
    /// </summary>
    float[][] Embed(IReadOnlyList<string> texts);
}
