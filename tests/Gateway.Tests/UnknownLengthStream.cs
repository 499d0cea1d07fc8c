namespace Publishing.Gateway.Tests;

/// <summary>A body whose length the client cannot tell in advance, so sent chunked.</summary>
internal sealed class UnknownLengthStream(byte[] content) : MemoryStream(content)
{
    public override bool CanSeek => false;
}
