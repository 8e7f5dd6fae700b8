// Wires storage, services and limiters together for one emulator instance (no HTTP here).
import { AttachmentService, type AttachmentSummary } from './attachment-service.ts';
import { BulkWriteService } from './bulk-write-service.ts';
import { ConcurrencyLimiter, EDITION_CONCURRENCY } from './concurrency-limiter.ts';
import { CreditLedger, dailyCreditLimit } from './credit-ledger.ts';
import { SqliteCreditStorage } from './credit-storage.ts';
import { CRM_DATA_TABLES, IdGenerator, MetaStore, openDatabase, type Db } from './database.ts';
import { FaultInjector, type FaultConfig } from './fault-injector.ts';
import type { FieldDefinition } from './field-definitions.ts';
import { LayoutSectionStore } from './layout-sections.ts';
import { MetadataRepository } from './metadata-repository.ts';
import { NotesService } from './notes-service.ts';
import { OAuthTokenService } from './oauth-token-service.ts';
import type { Edition, ResolvedOptions } from './options.ts';
import { ORG, UserDirectory } from './org-identity.ts';
import { RecordQueryService } from './record-query-service.ts';
import { RecordRepository, renderRecord, type WriteLogEntry } from './record-repository.ts';
import { RecordWriteService } from './record-write-service.ts';
import { RelatedRecordsService, type RelationLink } from './related-records-service.ts';
import { SettingsService } from './settings-service.ts';

export interface ModuleState {
  api_name: string;
  id: string;
  duplicate_check_fields: string[];
  fields: FieldDefinition[];
  /** Records as the API renders them: values plus id, Created_Time, Modified_Time, Created_By, Modified_By. */
  records: Array<Record<string, unknown>>;
  /** Deleted records (Zoho keeps them in the recycle bin), with Deleted_Time. */
  recycle_bin: Array<Record<string, unknown>>;
}

export interface EmulatorState {
  org: { id: string; zgid: string; edition: Edition; users: number };
  modules: Record<string, ModuleState>;
  /** One entry per write call, including the `trigger` array as sent (null when omitted). */
  writes: WriteLogEntry[];
  /** Attachment metadata (file name, size, link) without the bytes. */
  attachments: AttachmentSummary[];
  /** Related-list links (Deals ↔ Products), one entry per side. */
  relations: RelationLink[];
  /** limit is null when the edition is unlimited (Ultimate). */
  credits: { limit: number | null; used: number; remaining: number | null };
  faults: FaultConfig;
}

export class EmulatorRuntime {
  readonly options: ResolvedOptions;
  readonly db: Db;
  readonly metadata: MetadataRepository;
  readonly records: RecordRepository;
  readonly writes: RecordWriteService;
  readonly notes: NotesService;
  readonly attachments: AttachmentService;
  readonly related: RelatedRecordsService;
  readonly bulkWrite: BulkWriteService;
  readonly queries: RecordQueryService;
  readonly settings: SettingsService;
  readonly tokens: OAuthTokenService;
  readonly credits: CreditLedger;
  readonly limiter: ConcurrencyLimiter;
  readonly faults: FaultInjector;
  readonly users: UserDirectory;

  constructor(options: ResolvedOptions) {
    this.options = options;
    this.db = openDatabase(options.dbPath);
    const ids = new IdGenerator(new MetaStore(this.db));
    const now = options.now;
    const transaction = <T>(fn: () => T): T => this.db.transaction(fn)();
    this.users = new UserDirectory(options.orgUsers);
    this.metadata = new MetadataRepository(this.db, ids);
    this.metadata.seedStandardModules();
    this.records = new RecordRepository(this.db);
    this.writes = new RecordWriteService({ metadata: this.metadata, records: this.records, ids, now, transaction, users: this.users });
    this.notes = new NotesService({ metadata: this.metadata, records: this.records, ids, now, transaction, users: this.users });
    this.attachments = new AttachmentService({ db: this.db, metadata: this.metadata, records: this.records, ids, now });
    this.related = new RelatedRecordsService({ db: this.db, metadata: this.metadata, records: this.records, now });
    this.bulkWrite = new BulkWriteService({ db: this.db, ids, now, transaction, metadata: this.metadata, records: this.records, writes: this.writes });
    this.queries = new RecordQueryService({ metadata: this.metadata, records: this.records, now });
    this.settings = new SettingsService({ metadata: this.metadata, writes: this.writes, sections: new LayoutSectionStore(this.db), edition: options.edition });
    this.tokens = new OAuthTokenService({ db: this.db, clients: options.clients, tokenTtlSeconds: options.tokenTtlSeconds, now });
    const limit = options.creditsPerDay ?? dailyCreditLimit(options.edition, options.users);
    this.credits = new CreditLedger(new SqliteCreditStorage(this.db), limit, now);
    this.limiter = new ConcurrencyLimiter(EDITION_CONCURRENCY[options.edition]);
    this.faults = new FaultInjector(options.faults);
  }

  exportState(): EmulatorState {
    const modules: Record<string, ModuleState> = {};
    for (const module of this.metadata.listModules()) {
      modules[module.api_name] = {
        api_name: module.api_name,
        id: module.id,
        duplicate_check_fields: module.duplicate_check_fields,
        fields: this.metadata.listFields(module.api_name),
        records: this.records.all(module.api_name).map(renderRecord),
        recycle_bin: this.records.recycleBin(module.api_name),
      };
    }
    const used = this.credits.used();
    const unlimited = !Number.isFinite(this.credits.limit);
    return {
      org: { id: ORG.id, zgid: ORG.zgid, edition: this.options.edition, users: this.options.users },
      modules,
      writes: this.records.writeLog(),
      attachments: this.attachments.all(),
      relations: this.related.all(),
      credits: {
        limit: unlimited ? null : this.credits.limit,
        used,
        remaining: unlimited ? null : Math.max(0, this.credits.limit - used),
      },
      faults: this.faults.config,
    };
  }

  /**
   * Back to a fresh org: CRM data, custom fields and credit usage go. Issued tokens stay valid and
   * in-flight concurrency slots are left alone (they belong to calls that are still running).
   */
  reset(): void {
    this.db.transaction(() => {
      for (const table of CRM_DATA_TABLES) this.db.prepare(`DELETE FROM ${table}`).run();
    })();
    this.metadata.invalidate();
    this.metadata.seedStandardModules();
  }

  close(): void {
    this.db.close();
  }
}
