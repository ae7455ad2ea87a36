namespace Clientele.Language.Tfjs;

/// <summary>One node of a TF.js graph model: its name, operation and inputs (as <c>name</c> or <c>name:output</c>).</summary>
internal sealed record TfjsNode(string Name, string Op, IReadOnlyList<string> Inputs);
