namespace Clientele.Language.Numerics;

/// <summary>The SIMD kernels <see cref="Gemm"/> can use; <see cref="Auto"/> picks the widest the processor runs natively.</summary>
internal enum GemmKernel
{
    Auto,
    Vector512,
    Vector256,
    Portable,
}
