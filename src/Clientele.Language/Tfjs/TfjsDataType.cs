namespace Clientele.Language.Tfjs;

/// <summary>The element types a TF.js weight can have once decoded.</summary>
internal enum TfjsDataType
{
    Float32,
    Int32,
    Bool,
}
