using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Publishing.Gateway.Pages;

/// <summary>
/// HTML that is safe to write as-is. Pages are built from <see cref="Html"/> interpolations, which encode every value
/// unless it is itself <see cref="Markup"/>: forgetting to encode is impossible, trusting markup takes a visible call.
/// </summary>
public readonly record struct Markup(string Value)
{
    public static readonly Markup Empty = new("");

    // Every script in the world's headlines stays readable in the source; only what HTML gives meaning to is escaped.
    internal static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static Markup Html(MarkupBuilder builder) => builder.ToMarkup();

    /// <summary>Markup that was made safe elsewhere: the article body, sanitized by Ingest and again by the page that shows it.</summary>
    public static Markup Trusted(string? html) => new(html ?? "");

    public static Markup Join(IEnumerable<Markup> parts) => new(string.Concat(parts.Select(part => part.Value)));

    public override string ToString() => Value;
}

[InterpolatedStringHandler]
public ref struct MarkupBuilder
{
    private readonly StringBuilder _html;

    public MarkupBuilder(int literalLength, int formattedCount) => _html = new StringBuilder(literalLength + formattedCount * 16);

    public readonly void AppendLiteral(string literal) => _html.Append(literal);

    public readonly void AppendFormatted(Markup markup) => _html.Append(markup.Value);

    public readonly void AppendFormatted(string? text) => _html.Append(Markup.Encoder.Encode(text ?? ""));

    public readonly void AppendFormatted<T>(T value, string? format = null) =>
        AppendFormatted(value is IFormattable formattable ? formattable.ToString(format, CultureInfo.InvariantCulture) : value?.ToString());

    internal readonly Markup ToMarkup() => new(_html.ToString());
}
