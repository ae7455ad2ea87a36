namespace Clientele.Recommend;

/// <summary>How <see cref="BprFitter"/> draws the negative item of a training triple.</summary>
public enum NegativeSampling
{
    /// <summary>Uniformly over the catalogue, as in Rendle et al. (2009).</summary>
    Uniform,

    /// <summary>In proportion to item popularity (the item of a random stored pair), as implicit's <c>bpr_update</c>.</summary>
    Popularity,
}
