package dev.ledger.core;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LedgerSmokeTest
{
    @Test
    void shouldMoveMoneyBetweenTwoAccounts()
    {
        final LedgerDriver driver = new LedgerDriver(new LedgerConfig(16, 16, LedgerConfig.HISTORY_MIN));
        assertThat(driver.createAccounts(1000, List.of(AccountRecord.of(1, 7, 1, 0), AccountRecord.of(2, 7, 1, 0))))
            .containsExactly(CreateAccountResult.OK, CreateAccountResult.OK);
        assertThat(driver.createTransfers(2000, List.of(TransferRecord.of(10, 1, 2, 100, 7, 1, 0))))
            .containsExactly(CreateTransferResult.OK);
        assertThat(driver.account(1).debitsPosted).isEqualTo(100);
        assertThat(driver.account(2).creditsPosted).isEqualTo(100);
        assertThat(driver.transfer(10).timestamp).isEqualTo(2000);
        assertThat(driver.createTransfers(3000, List.of(TransferRecord.of(10, 1, 2, 100, 7, 1, 0))))
            .containsExactly(CreateTransferResult.EXISTS);
    }
}
