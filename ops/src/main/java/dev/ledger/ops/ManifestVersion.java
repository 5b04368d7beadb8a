package dev.ledger.ops;

import picocli.CommandLine.IVersionProvider;

/**
 * The version written into the shaded jar's manifest at build time.
 */
final class ManifestVersion implements IVersionProvider
{
    @Override
    public String[] getVersion()
    {
        final String version = LedgerTool.class.getPackage().getImplementationVersion();
        return new String[] { "ledger " + (version != null ? version : "(development build)") };
    }
}
