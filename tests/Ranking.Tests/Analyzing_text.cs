using Publishing.Ranking.Related;

namespace Publishing.Ranking.Tests;

public sealed class Analyzing_text
{
    [Fact]
    public void Should_keep_words_of_any_script_lower_cased()
    {
        Assert.Equal(["größte", "überschwemmung", "東京", "москва"], TextAnalyzer.Terms("Größte Überschwemmung 東京 Москва"));
    }

    [Fact]
    public void Should_drop_stop_words_numbers_markup_remnants_and_possessives()
    {
        Assert.Equal(["kim", "vow", "bolster", "war", "readiness"], TextAnalyzer.Terms("Kim's vows to bolster the war readiness in 2024 quot;"));
    }

    [Theory]
    [InlineData("elections", "election")]
    [InlineData("policies", "policy")]
    [InlineData("churches", "church")]
    [InlineData("boxes", "box")]
    [InlineData("virus", "virus")]
    [InlineData("crisis", "crisis")]
    [InlineData("class", "class")]
    [InlineData("gas", "gas")]
    public void Should_fold_plurals_lightly(string word, string stem) => Assert.Equal(stem, TextAnalyzer.Stem(word));
}
