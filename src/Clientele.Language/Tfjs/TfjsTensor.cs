namespace Clientele.Language.Tfjs;

/// <summary>A decoded weight: float32 values in <see cref="Floats"/>, int32 and bool (0/1) in <see cref="Integers"/>.</summary>
internal sealed class TfjsTensor(string name, int[] shape, TfjsDataType dataType, float[]? floats, int[]? integers)
{
    public string Name { get; } = name;

    public IReadOnlyList<int> Shape { get; } = shape;

    public TfjsDataType DataType { get; } = dataType;

    public float[]? Floats { get; } = floats;

    public int[]? Integers { get; } = integers;

    public int ElementCount => Shape.Aggregate(1, (product, d) => product * d);

    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
