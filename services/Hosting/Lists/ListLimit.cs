using System.Globalization;

namespace Publishing.ServiceDefaults.Lists;

/// <summary>The <c>limit</c> of every list query (API.md: a whole number from 1 to 100; empty is as if absent).</summary>
public static class ListLimit
{
    public const int Max = 100;

    /// <summary>What a <c>400</c> says of a <c>limit</c> it refuses, under <c>errors.limit</c>.</summary>
    public static readonly string Error = $"limit must be a whole number from 1 to {Max}.";

    /// <summary>The limit asked for, <paramref name="fallback"/> when none was; false when it is not a whole number from 1 to <see cref="Max"/>.</summary>
    public static bool TryParse(string? text, int fallback, out int limit)
    {
        limit = fallback;
        return string.IsNullOrEmpty(text)
            || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 and <= Max);
    }
}
