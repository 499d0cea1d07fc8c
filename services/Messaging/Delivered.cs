namespace Publishing.ServiceDefaults.Messaging;

/// <summary>
/// A change a consumed message brings, with the message id its inbox record is kept under. Stores apply a list of
/// them in one transaction, each with its inbox record, so a redelivered message changes nothing; a single message
/// is a list of one.
/// </summary>
public readonly record struct Delivered<TChange>(Guid MessageId, TChange Change);
