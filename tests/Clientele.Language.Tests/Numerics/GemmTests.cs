using Clientele.Language.Numerics;

namespace Clientele.Language.Tests.Numerics;

/// <summary>Every kernel against a plain double-precision product, on shapes that exercise every tile and remainder.</summary>
public sealed class GemmTests
{
    [Theory]
    [InlineData("Auto")]
    [InlineData("Vector512")] // falls back to Portable where the processor lacks AVX-512
    [InlineData("Vector256")]
    [InlineData("Portable")]
    public void MultiplyAdd_RandomShapes_EqualsPlainProduct(string kernelName)
    {
        var kernel = Enum.Parse<GemmKernel>(kernelName);
        var random = new Random(42);
        foreach (var (rows, inner, columns) in new[] { (1, 1, 1), (7, 3, 32), (8, 256, 64), (13, 300, 70), (200, 17, 33), (37, 600, 96) })
        {
            var a = Values(random, rows * inner);
            var b = Values(random, inner * columns);
            var c = Values(random, rows * columns);
            var expected = new double[rows * columns];
            for (var i = 0; i < rows; i++)
            {
                for (var j = 0; j < columns; j++)
                {
                    var sum = (double)c[(i * columns) + j];
                    for (var k = 0; k < inner; k++)
                    {
                        sum += (double)a[(i * inner) + k] * b[(k * columns) + j];
                    }
                    expected[(i * columns) + j] = sum;
                }
            }

            Gemm.MultiplyAdd(a, rows, inner, PackedMatrix.Pack(b, inner, columns), c, columns, kernel);

            var worst = expected.Select((e, index) => Math.Abs(e - c[index])).Max();
            Assert.True(worst < 1e-4 * Math.Sqrt(inner), $"{rows} × {inner} × {columns}: max |difference| {worst:E2}");
        }
    }

    [Fact]
    public void MultiplyAdd_Strides_LeaveOtherColumnsAlone()
    {
        // A and C are views into wider rows: the product touches only its own columns.
        var a = new float[] { 1, 2, 99, 3, 4, 99 };                 // 2 × 2, stride 3
        var b = PackedMatrix.Pack([1, 0, 0, 1], 2, 2);               // identity
        var c = new float[] { 10, 20, -1, 30, 40, -1 };             // 2 × 2, stride 3

        Gemm.MultiplyAdd(a, 2, 3, b, c, 3);

        Assert.Equal([11f, 22f, -1f, 33f, 44f, -1f], c);
    }

    [Fact]
    public void MultiplyAdd_SpansTooShort_Throws()
    {
        var b = PackedMatrix.Pack(new float[6], 2, 3);

        Assert.Throws<ArgumentException>(() => Gemm.MultiplyAdd(new float[3], 2, 2, b, new float[6], 3));
    }

    private static float[] Values(Random random, int count) =>
        Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
}
