namespace Netpact.Lab;

/// <summary>
/// The lab cannot do what was asked, for a reason the user can act on (not root, nftables missing, a step of
/// the set-up refused by the kernel): the message says what failed and what to do. Not a bug.
/// </summary>
public sealed class LabException : Exception
{
    public LabException(string message) : base(message) { }

    public LabException(string message, Exception inner) : base(message, inner) { }

    public LabException() { }
}
