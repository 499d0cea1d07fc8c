using Publishing.Corpus;

namespace Publishing.ServiceDefaults.Tests;

/// <summary>The one CSV reader of the newsroom tool, the launcher's demo articles and the ranking evaluation.</summary>
public sealed class Reading_csv_records
{
    private static List<List<string>> Records(string text) => CsvRecords.Read(new StringReader(text)).ToList();

    [Fact]
    public void Should_keep_commas_doubled_quotes_and_line_breaks_inside_quotes()
    {
        var records = Records("category,title,text\n\"World\",\"A \"\"quoted\"\" title, with a comma\",\"two\nlines\"\n");

        Assert.Equal([["category", "title", "text"], ["World", "A \"quoted\" title, with a comma", "two\nlines"]], records);
    }

    [Theory]
    [InlineData("a,b\r\nc,d\r\n")]
    [InlineData("a,b\nc,d")]
    [InlineData("a,b\rc,d\r")]
    public void Should_end_a_record_at_any_line_break_and_at_the_end_of_the_text(string text)
    {
        Assert.Equal([["a", "b"], ["c", "d"]], Records(text));
    }

    [Fact]
    public void Should_keep_empty_fields()
    {
        Assert.Equal([["", "x", ""]], Records(",x,\n"));
    }

}
