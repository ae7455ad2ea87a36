using System.Text;
using System.Text.Json;
using Clientele.Core.Models;

namespace Clientele.Core.Tests.Models;

public sealed class ModelFileTests
{
    private static readonly byte[] Payload = """{"weights":[0.25,0.75],"name":"two"}"""u8.ToArray();

    private static byte[] CreateSut(IReadOnlyDictionary<string, byte[]>? blobs = null) => ModelFile.Write("test-kind", 2, Payload, blobs);

    [Fact]
    public void Write_PayloadAndBlob_ReadsBackKindVersionPayloadAndBlob()
    {
        var blob = new byte[] { 0, 1, 2, 250, 255 };

        var file = ModelFile.Read(CreateSut(new Dictionary<string, byte[]> { ["part.bin"] = blob }), "test-kind", 2);

        Assert.Equal("test-kind", file.Kind);
        Assert.Equal(2, file.FormatVersion);
        Assert.Equal(0.75, file.Payload.GetProperty("weights")[1].GetDouble());
        Assert.Equal("two", file.Payload.GetProperty("name").GetString());
        Assert.Equal(blob, file.Blob("part.bin"));
        Assert.Equal(["part.bin"], file.BlobNames);
    }

    [Fact]
    public void Write_Layout_IsTheDocumentedJsonObject()
    {
        var bytes = CreateSut(new Dictionary<string, byte[]> { ["b"] = [1, 2, 3], ["a"] = [] });

        // The layout the class documents, written out by hand: blobs in ordinal order of their names, base64 ("AQID" is 1, 2, 3).
        Assert.Equal(
            """{"format":"clientele-model","kind":"test-kind","formatVersion":2,"payload":{"weights":[0.25,0.75],"name":"two"},"blobs":{"a":"","b":"AQID"}}""",
            Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Write_BinaryParts_TheDocumentALineFeedAndTheRawBytesInOrder()
    {
        KeyValuePair<string, byte[]>[] parts = [new("second", [9, 10]), new("first", [0, 255, 7])];

        var bytes = ModelFile.Write("test-kind", 2, Payload, parts);
        var file = ModelFile.Read(bytes, "test-kind", 2);

        // The layout by hand: the parts listed in the order given, then "\n", then their bytes in that order.
        byte[] expected =
        [
            .. """{"format":"clientele-model","kind":"test-kind","formatVersion":2,"payload":{"weights":[0.25,0.75],"name":"two"},"binary":[{"name":"second","bytes":2},{"name":"first","bytes":3}]}"""u8,
            (byte)'\n', 9, 10, 0, 255, 7,
        ];
        Assert.Equal(expected, bytes);
        Assert.Equal([0, 255, 7], file.Blob("first"));
        Assert.Equal([9, 10], file.Blob("second"));
        Assert.Equal("two", file.Payload.GetProperty("name").GetString());
    }

    [Fact]
    public void Read_BinaryPartsCutShortLongerOrUnlisted_ClienteleExceptionSayingWhat()
    {
        var bytes = ModelFile.Write("test-kind", 2, Payload, [new KeyValuePair<string, byte[]>("p", [1, 2, 3, 4])]);
        var garbage = """{"format":"clientele-model","kind":"test-kind","formatVersion":2,"payload":{},"binary":{"p":4}}"""u8.ToArray();

        Assert.Equal(
            "The model file is a saved test-kind model whose binary parts should be 4 bytes after a line feed, and 3 follow the document (cut short or damaged).",
            Assert.Throws<ClienteleException>(() => ModelFile.Read(bytes.AsSpan(0, bytes.Length - 1))).Message);
        Assert.Contains("and 5 follow", Assert.Throws<ClienteleException>(() => ModelFile.Read([.. bytes, 0])).Message, StringComparison.Ordinal);
        Assert.Contains("\"binary\" is not a list", Assert.Throws<ClienteleException>(() => ModelFile.Read(garbage)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ModelFile.Write("test-kind", 2, Payload, [new("p", [1]), new KeyValuePair<string, byte[]>("p", [2])]));
    }

    [Fact]
    public void Write_SameInputsTwice_SameBytes()
    {
        var blobs = new Dictionary<string, byte[]> { ["z"] = [9], ["y"] = [8] };

        Assert.Equal(CreateSut(blobs), CreateSut(new Dictionary<string, byte[]> { ["y"] = [8], ["z"] = [9] }));
    }

    [Fact]
    public void Read_OlderVersionOfSameKind_Reads()
    {
        var file = ModelFile.Read(ModelFile.Write("test-kind", 1, Payload), "test-kind", 2);

        Assert.Equal(1, file.FormatVersion);
    }

    [Fact]
    public void Read_OtherKind_SaysWhichKindItHolds()
    {
        var error = Assert.Throws<ClienteleException>(() => ModelFile.Read(CreateSut(), "other-kind", 2));

        Assert.Equal("The model file holds a model of kind \"test-kind\" where kind \"other-kind\" was expected.", error.Message);
    }

    [Fact]
    public void Read_NewerVersion_SaysWhichVersionsThisBuildReads()
    {
        var error = Assert.Throws<ClienteleException>(() => ModelFile.Read(CreateSut(), "test-kind", 1, source: "models/v3"));

        Assert.Equal("models/v3: holds a test-kind model of format version 2; this build of Clientele reads versions 1 to 1", error.Message);
        Assert.Equal("models/v3", error.File);
    }

    [Theory]
    [InlineData("not json at all", "not JSON")]
    [InlineData("[1,2]", "expected \"format\": \"clientele-model\"")]
    [InlineData("""{"format":"clientele-clustering-model","formatVersion":1}""", "expected \"format\": \"clientele-model\"")]
    [InlineData("""{"format":"clientele-model","formatVersion":1,"payload":{}}""", "without a \"kind\"")]
    [InlineData("""{"format":"clientele-model","kind":"k","formatVersion":0,"payload":{}}""", "without a whole \"formatVersion\" of 1 or more")]
    [InlineData("""{"format":"clientele-model","kind":"k","formatVersion":1.5,"payload":{}}""", "without a whole \"formatVersion\"")]
    [InlineData("""{"format":"clientele-model","kind":"k","formatVersion":1}""", "without its \"payload\" object")]
    [InlineData("""{"format":"clientele-model","kind":"k","formatVersion":1,"payload":{},"blobs":{"x":"%%"}}""", "blob \"x\" is not base64")]
    public void Read_NotAModelFile_ClienteleExceptionSaysWhy(string text, string reason)
    {
        var error = Assert.Throws<ClienteleException>(() => ModelFile.Read(Encoding.UTF8.GetBytes(text), "k", 1));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Blob_Missing_ClienteleExceptionNamesIt()
    {
        var file = ModelFile.Read(CreateSut(), "test-kind", 2);

        var error = Assert.Throws<ClienteleException>(() => file.Blob("mlnet-model.zip"));

        Assert.Equal("The saved test-kind model lacks its \"mlnet-model.zip\" part.", error.Message);
    }

    [Fact]
    public void ReadPayload_ReaderMeetsMissingPropertyOrBadValue_ClienteleExceptionNamesKind()
    {
        var file = ModelFile.Read(CreateSut(), "test-kind", 2);

        var missing = Assert.Throws<ClienteleException>(() => file.ReadPayload(f => f.Payload.GetProperty("centroids").GetDouble()));
        var wrongType = Assert.Throws<ClienteleException>(() => file.ReadPayload(f => f.Payload.GetProperty("name").GetDouble()));
        var check = Assert.Throws<ClienteleException>(() => file.ReadPayload<int>(_ => throw new FormatException("label 7 is outside 0 … 2")));

        Assert.Contains("damaged test-kind model (a property is missing)", missing.Message, StringComparison.Ordinal);
        Assert.Contains("damaged test-kind model", wrongType.Message, StringComparison.Ordinal);
        Assert.Contains("(label 7 is outside 0 … 2).", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_Record_ReadsPayload()
    {
        var file = ModelFile.Read(CreateSut(), "test-kind", 2);

        var payload = file.Deserialize<TestPayload>(new JsonSerializerOptions(JsonSerializerDefaults.Web));

        Assert.Equal([0.25, 0.75], payload.Weights);
        Assert.Equal("two", payload.Name);
    }

    [Theory]
    [InlineData("[1]")]
    [InlineData("3")]
    [InlineData("{\"a\":")]
    [InlineData("")]
    [InlineData("{} {}")]
    [InlineData("{\"a\":1,}")]
    [InlineData("{\"a\":[1,2}")]
    public void Write_PayloadNotAnObject_Throws(string payload)
    {
        Assert.Throws<ArgumentException>(() => ModelFile.Write("k", 1, Encoding.UTF8.GetBytes(payload)));
    }

    [Fact]
    public void ReadStream_RestOfStream_SameAsBytes()
    {
        using var stream = new MemoryStream();
        ModelFile.Write(stream, "test-kind", 2, Payload);
        stream.Position = 0;

        var file = ModelFile.Read(stream, "test-kind", 2);

        Assert.Equal("two", file.Payload.GetProperty("name").GetString());
    }

    [Fact]
    public void ReadStream_BinaryPartLongerThanOneChunk_ReadInChunksSameBytesAsTheWholeFile()
    {
        // One part a chunk and 12 bytes long, another of 3 bytes: the stream reader gives the first in two pieces.
        var large = new byte[ModelFile.ChunkBytes + 12];
        large[0] = 1;
        large[ModelFile.ChunkBytes - 1] = 2;
        large[^1] = 3;
        using var stream = new MemoryStream();
        ModelFile.Write(stream, "test-kind", 2, Payload, [ModelFilePart.Of("large", large), ModelFilePart.Of("small", [7, 8, 9])]);
        var bytes = stream.ToArray();
        stream.Position = 0;

        var file = ModelFile.Read(stream, "test-kind", 2);

        Assert.Equal([ModelFile.ChunkBytes, 12], file.BlobChunks("large").Select(c => c.Length));
        Assert.Equal(large, file.Blob("large"));
        Assert.Equal([7, 8, 9], file.Blob("small"));
        Assert.Equal(large, ModelFile.Read(bytes).Blob("large"));
    }

    [Fact]
    public void ReadStream_BinaryPartsCutShortOrLonger_SameErrorAsFromBytes()
    {
        var bytes = ModelFile.Write("test-kind", 2, Payload, [new KeyValuePair<string, byte[]>("p", [1, 2, 3, 4])]);
        static string Error(byte[] b) => Assert.Throws<ClienteleException>(() => ModelFile.Read(new MemoryStream(b), "test-kind", 2)).Message;

        Assert.Equal(
            "The model file is a saved test-kind model whose binary parts should be 4 bytes after a line feed, and 3 follow the document (cut short or damaged).",
            Error(bytes[..^1]));
        Assert.Contains("and 5 follow", Error([.. bytes, 0]), StringComparison.Ordinal);
    }

    [Fact]
    public void WriteStream_PartWritesOtherThanItDeclares_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ModelFile.Write(Stream.Null, "test-kind", 2, Payload, [new ModelFilePart("p", 4, s => s.Write([1, 2, 3]))]));

        Assert.Equal("The model file part \"p\" declared 4 bytes and wrote 3.", error.Message);
    }

    private sealed record TestPayload(double[] Weights, string Name);
}
