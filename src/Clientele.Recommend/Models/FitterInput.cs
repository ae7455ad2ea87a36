namespace Clientele.Recommend;

/// <summary>The checks every fitter makes on its input.</summary>
internal static class FitterInput
{
    public static void Check(InteractionMatrix interactions, string method)
    {
        if (interactions.NonZeros == 0 || interactions.Users == 0 || interactions.Items == 0)
        {
            throw new ArgumentException(
                $"The interaction matrix has no interactions ({interactions.Users} users × {interactions.Items} items, {interactions.NonZeros} pairs); "
                + $"{method} needs at least one.", nameof(interactions));
        }
    }
}
