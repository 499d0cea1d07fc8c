using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Publishing.Articles.Domain;
using Publishing.Articles.Storage;

namespace Publishing.Articles.Reading;

/// <summary>
/// The opaque <c>cursor</c> of the newest-first list: the position (publishedAt, id) of the last item a page showed.
/// The next page starts strictly after it, so articles that arrive meanwhile (newer, thus before it) neither repeat
/// an item nor push one out of reach, as an offset would.
/// </summary>
public static class ListCursor
{
    public static string Encode(ListPosition position) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{position.PublishedAt.UtcTicks}:{position.Id:N}")));

    public static bool TryDecode(string cursor, out ListPosition? position)
    {
        position = null;
        if (cursor.Length is 0 or > 128)
        {
            return false;
        }
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            return false;
        }
        var parts = text.Split(':');
        if (parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && ticks <= DateTimeOffset.MaxValue.UtcTicks
            && Guid.TryParseExact(parts[1], "N", out var id))
        {
            position = new ListPosition(new DateTimeOffset(ticks, TimeSpan.Zero), id);
            return true;
        }
        return false;
    }
}
