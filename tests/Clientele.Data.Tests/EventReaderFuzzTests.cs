using System.Globalization;
using System.Text;
using Clientele.Core;
using Clientele.Data.Ingest;
using Clientele.Tests;
using CsCheck;

namespace Clientele.Data.Tests;

/// <summary>
/// The events readers on generated input: JSON lines (flat, nested, broken, binary) and timestamps of every shape.
/// Whatever comes in, they end with a one-line <see cref="ClienteleException"/>, a rejected record with its reason, or
/// a record whose fields match the header; never another exception.
/// </summary>
public sealed class EventReaderFuzzTests : IDisposable
{
    private static readonly Gen<string> Scalars = Gen.OneOf(
        Gen.OneOf<string>("1", "-2.5e3", "true", "false", "null", "\"pv\"", "\"\"", "\"É\\u00e9\\n\"", "1659304800025", "1511544070", "[]", "{}", "[1,2]", "{\"a\":1}"),
        Gen.Long.Select(v => v.ToString(CultureInfo.InvariantCulture)),
        Gen.String[Gen.Char["abc\"\\{}[]:, 0129"], 0, 8].Select(s => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\""));

    private static readonly Gen<string> Names = Gen.OneOf<string>("session", "aid", "ts", "type", "visitor_id", "events", "x", "type");

    private static readonly Gen<string> Objects = Gen.Select(Names, Scalars).Array[0, 5]
        .Select(pairs => "{" + string.Join(',', pairs.Select(p => $"\"{p.Item1}\":{p.Item2}")) + "}");

    private static readonly Gen<string> Lines = Gen.OneOf(
        Objects,
        Gen.Select(Objects, Objects.Array[0, 4]).Select((outer, inner) => outer.Length > 2
            ? outer[..^1] + ",\"events\":[" + string.Join(',', inner) + "]}"
            : "{\"events\":[" + string.Join(',', inner) + "]}"),
        Gen.String[Gen.Char["{}[]\":,a1 \t"], 0, 20],
        Gen.Const(""));

    private static readonly Gen<byte[]> Inputs = Gen.OneOf(
        Gen.Select(Lines.Array[1, 8], Gen.Bool).Select((lines, crlf) => Encoding.UTF8.GetBytes("{\"session\":0}\n" + string.Join(crlf ? "\r\n" : "\n", lines))),
        Gen.Byte.Array[1, 120].Select(b => (byte[])[.. "{"u8, .. b]));

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void JsonLinesRecordSource_GeneratedInputs_OneLineErrorOrEveryRecordWithTheHeadersFields()
    {
        long readToTheEnd = 0;
        Inputs.Sample(bytes =>
        {
            var path = _folder.WriteBytes(Guid.NewGuid().ToString("N") + ".jsonl", bytes);
            try
            {
                var kind = InputFile.Inspect(path);
                using var source = new JsonLinesRecordSource(path, kind, TextEncoding.StrictUtf8);
                var lastLine = 0L;
                while (source.Read())
                {
                    Assert.Equal(source.Header.Count, source.Fields.Count);
                    Assert.True(source.LineNumber >= lastLine);
                    lastLine = source.LineNumber;
                    Assert.True(source.Malformation is null || source.Malformation.Length > 0);
                    // The field-name scan and the reading agree on what a line holds (the file does not change here).
                    Assert.DoesNotContain("when the file's fields were listed", source.Malformation ?? "", StringComparison.Ordinal);
                    Assert.False(string.IsNullOrEmpty(source.RawLine));
                }
                Interlocked.Increment(ref readToTheEnd);
            }
            catch (ClienteleException e)
            {
                Assert.DoesNotContain('\n', e.Message);
            }
        }, iter: 3_000);

        Assert.True(readToTheEnd > 1_000, $"only {readToTheEnd} of 3,000 inputs were read to the end: the generator should mostly reach the reader");
    }

    [Fact]
    public void EventTimestamps_GeneratedTexts_ParsedOrRejectedWithAReason()
    {
        var texts = Gen.OneOf(
            Gen.Long.Select(v => v.ToString(CultureInfo.InvariantCulture)),
            Gen.Decimal.Select(v => v.ToString(CultureInfo.InvariantCulture)),
            Gen.String[Gen.Char["0123456789.-:TZ+ /"], 0, 40],
            Gen.Const(new string('9', 60)));
        Gen.Select(texts, Gen.Int[0, 2]).Sample((text, unit) =>
        {
            var times = new EventTimestamps((TimestampUnit)unit, new DateReader(null, null));
            try
            {
                if (!times.TryParse(text, 1, out var value, out var problem))
                {
                    Assert.False(string.IsNullOrEmpty(problem));
                }
                else
                {
                    Assert.Equal(DateTimeKind.Unspecified, value.Kind);
                }
            }
            catch (ClienteleException e)
            {
                Assert.DoesNotContain('\n', e.Message); // an a/b/yyyy date no other date of the file can order
            }
        }, iter: 50_000);
    }
}
