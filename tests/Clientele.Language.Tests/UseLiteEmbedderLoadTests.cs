using Clientele.Tests;

namespace Clientele.Language.Tests;

/// <summary>Missing, incomplete and corrupt model folders give an error that names the file and how to fetch the model.</summary>
public sealed class UseLiteEmbedderLoadTests
{
    [Fact]
    public void Load_MissingFolder_ThrowsNamingFetchScript()
    {
        using var folder = new TempFolder();
        var missing = Path.Combine(folder.Path, "no-such-model");

        var error = Assert.Throws<TextModelUnavailableException>(() => UseLiteEmbedder.Load(missing));

        Assert.Contains("scripts/fetch-models.sh", error.Message, StringComparison.Ordinal);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Equal(missing, error.ModelDirectory);
    }

    [Fact]
    public void Load_MissingShard_ThrowsNamingShardAndFetchScript()
    {
        using var folder = CopyOfModel();
        File.Delete(folder.File("group1-shard4of7"));

        var error = Assert.Throws<TextModelUnavailableException>(() => UseLiteEmbedder.Load(folder.Path));

        Assert.Contains("group1-shard4of7", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/fetch-models.sh", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TruncatedShard_ThrowsCorruptNamingShardAndFetchScript()
    {
        using var folder = CopyOfModel();
        var shard = folder.File("group1-shard3of7");
        using (var stream = new FileStream(shard, FileMode.Open))
        {
            stream.SetLength(stream.Length / 2);
        }

        var error = Assert.Throws<TextModelUnavailableException>(() => UseLiteEmbedder.Load(folder.Path));

        Assert.Contains("group1-shard3of7", error.Message, StringComparison.Ordinal);
        Assert.Contains("corrupt", error.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/fetch-models.sh", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ShardWithChangedByte_ThrowsCorruptNamingShard()
    {
        using var folder = CopyOfModel();
        var shard = folder.File("group1-shard7of7");
        var bytes = File.ReadAllBytes(shard);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(shard, bytes);

        var error = Assert.Throws<TextModelUnavailableException>(() => UseLiteEmbedder.Load(folder.Path));

        Assert.Contains("group1-shard7of7", error.Message, StringComparison.Ordinal);
        Assert.Contains("SHA-256", error.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/fetch-models.sh", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CopiedFolder_Works()
    {
        using var folder = CopyOfModel();

        var embedder = UseLiteEmbedder.Load(folder.Path);

        Assert.Equal(folder.Path, embedder.ModelDirectory);
        Assert.Equal(UseLiteModel.Reference[56].TokenIds, embedder.Tokenize(UseLiteModel.Reference[56].Text));
    }

    [Fact]
    public void DefaultModelDirectory_IsTheUseLiteFolderOfTheModelCache()
    {
        var expected = Environment.GetEnvironmentVariable("CLIENTELE_MODELS") is { Length: > 0 } models
            ? Path.Combine(models, "use-lite")
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "clientele", "models", "use-lite");

        Assert.Equal(Path.GetFullPath(expected), UseLiteEmbedder.DefaultModelDirectory);
    }

    /// <summary>A private copy of the fetched model's files, to damage.</summary>
    private static TempFolder CopyOfModel()
    {
        var source = UseLiteModel.Embedder.ModelDirectory;
        var folder = new TempFolder();
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, folder.File(Path.GetFileName(file)));
        }
        return folder;
    }
}
