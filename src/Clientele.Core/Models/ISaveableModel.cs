namespace Clientele.Core.Models;

/// <summary>A fitted model that saves itself as a <see cref="ModelFile"/>.</summary>
public interface ISaveableModel
{
    /// <summary>The model as the bytes of a <see cref="ModelFile"/>; the model's <c>Load</c> reads them back into a model that predicts exactly as this one.</summary>
    byte[] Save();
}

/// <summary>
/// A fitted model of one kind that saves as a <see cref="ModelFile"/> and loads back from it, so a caller holding
/// only the type (the model registry) can name its kind and read its bytes.
/// </summary>
/// <typeparam name="TSelf">The model type.</typeparam>
public interface ISaveableModel<TSelf> : ISaveableModel
    where TSelf : ISaveableModel<TSelf>
{
    /// <summary>Gets the <see cref="ModelFile.Kind"/> this type saves as.</summary>
    static abstract string ModelKind { get; }

    /// <summary>Reads a model written by <see cref="ISaveableModel.Save"/>.</summary>
    /// <exception cref="ClienteleException">The bytes are not a saved model of this kind, hold a newer format version, or are damaged; the message says which.</exception>
    static abstract TSelf Load(ReadOnlySpan<byte> bytes);
}
