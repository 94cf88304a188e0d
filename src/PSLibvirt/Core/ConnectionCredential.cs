using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>
/// Answers libvirt's credential prompts without a terminal: the user name for USERNAME/AUTHNAME, the password for
/// PASSPHRASE/NOECHOPROMPT. The password stays in a SecureString; it is decoded straight into the malloc'ed
/// buffer libvirt frees, never into a managed string. Any other prompt fails the open instead of blocking.
/// </summary>
public sealed class ConnectionCredential
{
    public ConnectionCredential(string? userName, SecureString? password)
    {
        UserName = userName;
        Password = password;
    }

    public string? UserName { get; }
    public SecureString? Password { get; }

    /// <summary>
    /// How often one open may be given the password. libvirt's libssh transport asks again after every refusal, without
    /// end once the server has hung up (libvirt 9.0): the same password cannot succeed where it failed, so after this
    /// many answers the prompt fails and so does the open. More than one: a flow may ask twice (a key's passphrase, then
    /// the account's password).
    /// </summary>
    private const int MaxPasswordAnswers = 3;
    private int _passwordAnswers;

    /// <summary>A copy for one open (libvirt's callback data): its count of password answers starts at zero.</summary>
    internal ConnectionCredential ForOneOpen() => new(UserName, Password);

    internal static readonly int[] SupportedTypes =
    {
        (int)VirConnectCredentialType.VIR_CRED_USERNAME, (int)VirConnectCredentialType.VIR_CRED_AUTHNAME,
        (int)VirConnectCredentialType.VIR_CRED_PASSPHRASE, (int)VirConnectCredentialType.VIR_CRED_NOECHOPROMPT,
        (int)VirConnectCredentialType.VIR_CRED_ECHOPROMPT,
    };

    /// <summary>Fills each credential; false when one cannot be answered (libvirt then fails the open).</summary>
    internal unsafe bool Answer(VirConnectCredential* creds, uint count)
    {
        for (uint i = 0; i < count; i++)
        {
            VirConnectCredential* c = &creds[i];
            byte* answer = null;
            switch ((VirConnectCredentialType)c->type)
            {
                case VirConnectCredentialType.VIR_CRED_USERNAME:
                case VirConnectCredentialType.VIR_CRED_AUTHNAME:
                case VirConnectCredentialType.VIR_CRED_ECHOPROMPT:
                    string? user = UserName ?? Utf8.Read(c->defresult);
                    if (user is not null) answer = Utf8.AllocCopy(user);
                    break;
                case VirConnectCredentialType.VIR_CRED_PASSPHRASE:
                case VirConnectCredentialType.VIR_CRED_NOECHOPROMPT:
                    if (Password is not null && Interlocked.Increment(ref _passwordAnswers) <= MaxPasswordAnswers) answer = CopySecret(Password);
                    break;
            }
            if (answer == null) return false;
            c->result = answer;
            c->resultlen = (uint)new ReadOnlySpan<byte>(answer, int.MaxValue).IndexOf((byte)0);
        }
        return true;
    }

    private static unsafe byte* CopySecret(SecureString secret)
    {
        nint bstr = Marshal.SecureStringToBSTR(secret);
        try
        {
            return Utf8.AllocCopy(new ReadOnlySpan<char>((char*)bstr, secret.Length));
        }
        finally
        {
            Marshal.ZeroFreeBSTR(bstr);
        }
    }

    /// <summary>The virConnectAuth callback: cbdata is a GCHandle to the credential.</summary>
    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static unsafe int Callback(VirConnectCredential* creds, uint ncred, nint cbdata)
    {
        try
        {
            if (cbdata == 0) return -1;
            var target = GCHandle.FromIntPtr(cbdata).Target as ConnectionCredential;
            return target is not null && target.Answer(creds, ncred) ? 0 : -1;
        }
        catch
        {
            return -1;
        }
    }
}
