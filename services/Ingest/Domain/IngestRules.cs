using Publishing.Ingest.Storage;

namespace Publishing.Ingest.Domain;

/// <summary>How a revision compares with the newest one known (API.md), the same for every store.</summary>
public static class IngestRules
{
    /// <summary>Why the revision changes nothing (a repeat or a conflict), or null when it is to be recorded.</summary>
    public static SubmitOutcome? Refusal(Guid articleId, long knownRevision, string knownHash, string knownSlug, bool withdrawn, int revision, string contentHash)
    {
        if (withdrawn)
        {
            return new SubmitOutcome.Conflict(articleId, "The article was withdrawn; a withdrawn article cannot be revised.");
        }
        if (revision < knownRevision)
        {
            return new SubmitOutcome.Conflict(articleId, $"Revision {revision} is lower than revision {knownRevision}, the newest known.");
        }
        if (revision == knownRevision)
        {
            return knownHash == contentHash
                ? new SubmitOutcome.Repeated(articleId, knownSlug, revision)
                : new SubmitOutcome.Conflict(articleId, $"Revision {revision} was already received with different content; send a higher revision.");
        }
        return null;
    }
}
