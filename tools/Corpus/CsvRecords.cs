using System.Text;

namespace Publishing.Corpus;

/// <summary>
/// The records of RFC 4180 CSV (the bundled <c>data/agnews-test.csv</c>, a newsroom's spreadsheet): fields split at
/// commas; a quoted field may hold commas, doubled quotes and line breaks; a record ends at an unquoted line break
/// (<c>\n</c>, <c>\r\n</c> or <c>\r</c>). The header, when there is one, is the first record.
/// </summary>
public static class CsvRecords
{
    /// <summary>The records of the UTF-8 file at <paramref name="path"/>, read as they are enumerated.</summary>
    public static IEnumerable<List<string>> Read(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        foreach (var record in Read(reader))
        {
            yield return record;
        }
    }

    public static IEnumerable<List<string>> Read(TextReader reader)
    {
        while (reader.Peek() >= 0)
        {
            yield return Record(reader);
        }
    }

    private static List<string> Record(TextReader reader)
    {
        var (fields, field, quoted) = (new List<string>(), new StringBuilder(), false);
        while (reader.Read() is var c and >= 0)
        {
            switch ((char)c)
            {
                case '"' when quoted && reader.Peek() == '"': reader.Read(); field.Append('"'); break;
                case '"': quoted = !quoted; break;
                case ',' when !quoted: fields.Add(field.ToString()); field.Clear(); break;
                case '\r' when !quoted:
                    if (reader.Peek() == '\n')
                    {
                        reader.Read();
                    }
                    fields.Add(field.ToString());
                    return fields;
                case '\n' when !quoted: fields.Add(field.ToString()); return fields;
                default: field.Append((char)c); break;
            }
        }
        fields.Add(field.ToString());
        return fields;
    }
}
