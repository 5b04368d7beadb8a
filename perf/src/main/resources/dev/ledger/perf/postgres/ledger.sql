-- The PostgreSQL baseline: a double-entry ledger as a competent engineer would write it in PostgreSQL, for the
-- side-by-side comparison (perf/README.md, "Ledger and PostgreSQL"). Result codes are Ledger's own numbers
-- (CreateTransferResult), so that the two can be compared event by event (PostgresLedgerTest).
--
-- What it covers: accounts with balance limits; single-phase transfers; pending transfers posted (in full or in
-- part) or voided, at most once; idempotent ids (exists, exists_with_different_*); per-event results in a batch,
-- a failed event changing nothing. What it leaves out (not needed by the benchmark's workloads): linked chains,
-- balancing and closing transfers, timeouts, imported events, user data, 128-bit ids and amounts (bigint here,
-- which only helps PostgreSQL), a pending transfer posted in the batch that creates it.

DROP FUNCTION IF EXISTS create_transfers;
DROP TABLE IF EXISTS transfers;
DROP TABLE IF EXISTS accounts;

CREATE TABLE accounts (
    id              bigint  PRIMARY KEY CHECK (id > 0),
    ledger          integer NOT NULL CHECK (ledger > 0),
    code            integer NOT NULL CHECK (code > 0),
    flags           integer NOT NULL DEFAULT 0,   -- 2: debits must not exceed credits, 4: the reverse
    debits_pending  bigint  NOT NULL DEFAULT 0,
    debits_posted   bigint  NOT NULL DEFAULT 0,
    credits_pending bigint  NOT NULL DEFAULT 0,
    credits_posted  bigint  NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE transfers (
    id                bigint   PRIMARY KEY,        -- the client's id: a retry finds it (idempotency)
    debit_account_id  bigint   NOT NULL,
    credit_account_id bigint   NOT NULL,
    amount            bigint   NOT NULL,
    pending_id        bigint   NOT NULL DEFAULT 0, -- post/void: the pending transfer
    ledger            integer  NOT NULL,
    code              integer  NOT NULL,
    flags             integer  NOT NULL,           -- 2 pending, 4 post, 8 void (Ledger's transfer flags)
    status            smallint NOT NULL,           -- 0 done, 1 pending, 2 pending then posted, 3 then voided
    created_at        timestamptz NOT NULL DEFAULT now()
);
-- An account's transfers, as Ledger's get_account_transfers lists them.
CREATE INDEX transfers_debit_account ON transfers (debit_account_id);
CREATE INDEX transfers_credit_account ON transfers (credit_account_id);

-- One batch, one transaction, one round trip: arrays in, one result code per event out. Every account the batch
-- touches is locked first, in id order, so that concurrent batches never deadlock; balances are then worked
-- out in memory event by event (limits see every earlier event of the batch) and each account row is written
-- once, and the new transfers are inserted in one statement.
CREATE FUNCTION create_transfers(
    p_id bigint[], p_debit bigint[], p_credit bigint[], p_amount bigint[], p_pending bigint[],
    p_ledger integer[], p_code integer[], p_flags integer[])
RETURNS integer[] LANGUAGE plpgsql
-- A batch touches a few thousand rows by key. Left to itself the planner reads whole tables for the large id
-- arrays (a sequential scan of 1M accounts to update 16k: 380 ms of an 8189-transfer batch); by index, 20 ms.
SET enable_seqscan = off
SET plan_cache_mode = force_custom_plan
AS $$
DECLARE
    n integer := cardinality(p_id);
    result integer[] := array_fill(0, ARRAY[n]);
    -- The batch's accounts, sorted by id; events refer to them by slot.
    a_id bigint[]; a_ledger integer[]; a_flags integer[];
    a_dp bigint[]; a_dpo bigint[]; a_cp bigint[]; a_cpo bigint[];
    -- The pending transfers that post/void events name, and the transfers whose ids the batch repeats.
    t_id bigint[]; t_debit bigint[]; t_credit bigint[]; t_amount bigint[]; t_pending bigint[];
    t_ledger integer[]; t_code integer[]; t_flags integer[]; t_status smallint[]; t_changed boolean[];
    -- Per event: slots of its debit and credit account, of its pending transfer, of the stored transfer with
    -- its id, the batch's previous event with the same id, and the batch's event that created that id.
    e_debit integer[]; e_credit integer[]; e_pending integer[]; e_existing integer[]; e_previous integer[];
    e_creator integer[] := array_fill(NULL::integer, ARRAY[n]);
    e_amount bigint[] := p_amount;  -- what a post/void applies, set below
    i integer; d integer; c integer; p integer; f integer; amt bigint; code integer;
    -- The fields of the transfer a retry repeats.
    o_flags integer; o_pending bigint; o_debit bigint; o_credit bigint; o_amount bigint; o_ledger integer;
    o_code integer;
BEGIN
    SELECT coalesce(array_agg(x.id), '{}'), array_agg(x.debit_account_id),
           array_agg(x.credit_account_id), array_agg(x.amount),
           array_agg(x.pending_id), array_agg(x.ledger),
           array_agg(x.code), array_agg(x.flags), array_agg(x.status)
      INTO t_id, t_debit, t_credit, t_amount, t_pending, t_ledger, t_code, t_flags, t_status
      FROM (SELECT * FROM transfers WHERE id = ANY (p_pending) OR id = ANY (p_id) ORDER BY id FOR UPDATE) x;
    t_changed := array_fill(false, ARRAY[cardinality(t_id)]);

    SELECT coalesce(array_agg(x.id), '{}'), array_agg(x.ledger),
           array_agg(x.flags), array_agg(x.debits_pending),
           array_agg(x.debits_posted), array_agg(x.credits_pending),
           array_agg(x.credits_posted)
      INTO a_id, a_ledger, a_flags, a_dp, a_dpo, a_cp, a_cpo
      FROM (SELECT * FROM accounts
             WHERE id = ANY (p_debit) OR id = ANY (p_credit) OR id = ANY (t_debit) OR id = ANY (t_credit)
             ORDER BY id FOR UPDATE) x;

    WITH acc AS (SELECT * FROM unnest(a_id) WITH ORDINALITY AS a(id, slot)),
         tr AS (SELECT * FROM unnest(t_id, t_debit, t_credit) WITH ORDINALITY AS t(id, debit, credit, slot)),
         ev AS (SELECT e.*, lag(e.ord) OVER (PARTITION BY e.id ORDER BY e.ord) AS previous
                  FROM unnest(p_id, p_debit, p_credit, p_pending, p_flags) WITH ORDINALITY
                       AS e(id, debit, credit, pending, flags, ord))
    SELECT array_agg(CASE WHEN ev.flags & 12 <> 0 THEN pd.slot ELSE da.slot END ORDER BY ev.ord),
           array_agg(CASE WHEN ev.flags & 12 <> 0 THEN pc.slot ELSE ca.slot END ORDER BY ev.ord),
           array_agg(pt.slot ORDER BY ev.ord), array_agg(xt.slot ORDER BY ev.ord),
           array_agg(ev.previous ORDER BY ev.ord)
      INTO e_debit, e_credit, e_pending, e_existing, e_previous
      FROM ev
      LEFT JOIN acc da ON da.id = ev.debit
      LEFT JOIN acc ca ON ca.id = ev.credit
      LEFT JOIN tr pt ON pt.id = ev.pending AND ev.flags & 12 <> 0
      LEFT JOIN acc pd ON pd.id = pt.debit
      LEFT JOIN acc pc ON pc.id = pt.credit
      LEFT JOIN tr xt ON xt.id = ev.id;

    FOR i IN 1 .. n LOOP
        f := p_flags[i];
        code := 0;
        p := e_previous[i];
        IF p IS NOT NULL THEN
            e_creator[i] := CASE WHEN result[p] = 0 THEN p ELSE e_creator[p] END;
        END IF;
        IF f & ~14 <> 0 THEN
            code := 8;                                              -- reserved_flag (what this schema supports)
        ELSIF p_id[i] = 0 THEN
            code := 9;                                              -- id_must_not_be_zero
        ELSIF e_existing[i] IS NOT NULL OR e_creator[i] IS NOT NULL THEN
            -- A retry: the stored transfer (or the batch's earlier event) decides.
            IF e_existing[i] IS NOT NULL THEN
                p := e_existing[i];
                o_flags := t_flags[p]; o_pending := t_pending[p]; o_debit := t_debit[p];
                o_credit := t_credit[p]; o_amount := t_amount[p]; o_ledger := t_ledger[p]; o_code := t_code[p];
            ELSE
                p := e_creator[i];
                o_flags := p_flags[p]; o_pending := p_pending[p]; o_debit := p_debit[p];
                o_credit := p_credit[p]; o_amount := p_amount[p]; o_ledger := p_ledger[p]; o_code := p_code[p];
            END IF;
            code := CASE
                WHEN o_flags <> f THEN 11                           -- exists_with_different_flags
                WHEN o_pending <> p_pending[i] THEN 12
                WHEN f & 12 = 0 AND o_debit <> p_debit[i] THEN 14
                WHEN f & 12 = 0 AND o_credit <> p_credit[i] THEN 15
                WHEN f & 12 = 0 AND o_amount <> p_amount[i] THEN 16
                WHEN o_ledger <> p_ledger[i] THEN 20
                WHEN o_code <> p_code[i] THEN 21
                ELSE 22 END;                                        -- exists
        ELSIF (f & 4 <> 0)::int + (f & 8 <> 0)::int + (f & 2 <> 0)::int > 1 THEN
            code := 24;                                             -- flags_are_mutually_exclusive
        ELSIF f & 12 <> 0 THEN
            -- Post or void a pending transfer.
            p := e_pending[i];
            d := e_debit[i];
            c := e_credit[i];
            IF p_pending[i] = 0 THEN
                code := 31;                                         -- pending_id_must_not_be_zero
            ELSIF p_pending[i] = p_id[i] THEN
                code := 33;                                         -- pending_id_must_be_different
            ELSIF p IS NULL THEN
                code := 42;                                         -- pending_transfer_not_found
            ELSIF t_flags[p] & 2 = 0 THEN
                code := 43;                                         -- pending_transfer_not_pending
            ELSIF p_debit[i] <> 0 AND p_debit[i] <> t_debit[p] THEN
                code := 44;
            ELSIF p_credit[i] <> 0 AND p_credit[i] <> t_credit[p] THEN
                code := 45;
            ELSIF p_ledger[i] <> 0 AND p_ledger[i] <> t_ledger[p] THEN
                code := 46;
            ELSIF p_code[i] <> 0 AND p_code[i] <> t_code[p] THEN
                code := 47;
            ELSE
                -- A void of amount 0, or a post of amount -1 (all ones: 2^128-1 in Ledger), takes the whole.
                amt := CASE WHEN (f & 8 <> 0 AND p_amount[i] = 0) OR (f & 4 <> 0 AND p_amount[i] = -1)
                            THEN t_amount[p] ELSE p_amount[i] END;
                IF amt > t_amount[p] THEN
                    code := 48;                                     -- exceeds_pending_transfer_amount
                ELSIF f & 8 <> 0 AND amt < t_amount[p] THEN
                    code := 49;                                     -- pending_transfer_has_different_amount
                ELSIF t_status[p] = 2 THEN
                    code := 50;                                     -- pending_transfer_already_posted
                ELSIF t_status[p] = 3 THEN
                    code := 51;                                     -- pending_transfer_already_voided
                ELSE
                    a_dp[d] := a_dp[d] - t_amount[p];
                    a_cp[c] := a_cp[c] - t_amount[p];
                    IF f & 4 <> 0 THEN
                        a_dpo[d] := a_dpo[d] + amt;
                        a_cpo[c] := a_cpo[c] + amt;
                    END IF;
                    t_status[p] := CASE WHEN f & 4 <> 0 THEN 2 ELSE 3 END;
                    t_changed[p] := true;
                    e_amount[i] := amt;
                END IF;
            END IF;
        ELSE
            -- A single-phase or pending transfer.
            d := e_debit[i];
            c := e_credit[i];
            amt := p_amount[i];
            IF p_debit[i] = 0 THEN
                code := 25;                                         -- debit_account_id_must_not_be_zero
            ELSIF p_credit[i] = 0 THEN
                code := 27;
            ELSIF p_debit[i] = p_credit[i] THEN
                code := 29;                                         -- accounts_must_be_different
            ELSIF p_pending[i] <> 0 THEN
                code := 30;                                         -- pending_id_must_be_zero
            ELSIF p_ledger[i] = 0 THEN
                code := 36;
            ELSIF p_code[i] = 0 THEN
                code := 37;
            ELSIF d IS NULL THEN
                code := 38;                                         -- debit_account_not_found
            ELSIF c IS NULL THEN
                code := 39;                                         -- credit_account_not_found
            ELSIF a_ledger[d] <> a_ledger[c] THEN
                code := 40;                                         -- accounts_must_have_the_same_ledger
            ELSIF p_ledger[i] <> a_ledger[d] THEN
                code := 41;
            ELSIF a_flags[d] & 2 <> 0 AND a_dp[d] + a_dpo[d] + amt > a_cpo[d] THEN
                code := 66;                                         -- exceeds_credits
            ELSIF a_flags[c] & 4 <> 0 AND a_cp[c] + a_cpo[c] + amt > a_dpo[c] THEN
                code := 67;                                         -- exceeds_debits
            ELSIF f & 2 <> 0 THEN
                a_dp[d] := a_dp[d] + amt;
                a_cp[c] := a_cp[c] + amt;
            ELSE
                a_dpo[d] := a_dpo[d] + amt;
                a_cpo[c] := a_cpo[c] + amt;
            END IF;
        END IF;
        result[i] := code;
    END LOOP;

    UPDATE accounts a
       SET debits_pending = u.dp, debits_posted = u.dpo, credits_pending = u.cp, credits_posted = u.cpo
      FROM unnest(a_id, a_dp, a_dpo, a_cp, a_cpo) AS u(id, dp, dpo, cp, cpo)
     WHERE a.id = u.id
       AND (a.debits_pending, a.debits_posted, a.credits_pending, a.credits_posted)
           IS DISTINCT FROM (u.dp, u.dpo, u.cp, u.cpo);

    UPDATE transfers t SET status = u.status
      FROM unnest(t_id, t_status, t_changed) AS u(id, status, changed)
     WHERE t.id = u.id AND u.changed;

    INSERT INTO transfers (id, debit_account_id, credit_account_id, amount, pending_id, ledger, code, flags, status)
    SELECT e.id, a_id[e.d], a_id[e.c], e.amount, e.pending, e.ledger, e.code, e.flags,
           CASE WHEN e.flags & 2 <> 0 THEN 1 ELSE 0 END
      FROM unnest(p_id, e_debit, e_credit, e_amount, p_pending, p_ledger, p_code, p_flags, result)
           AS e(id, d, c, amount, pending, ledger, code, flags, result)
     WHERE e.result = 0;

    RETURN result;
END
$$;
