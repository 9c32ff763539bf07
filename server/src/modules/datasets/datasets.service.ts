import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  type CreateDatasetBody,
  type CreateDatasetResponse,
  type CreateDatasetVersionResponse,
  type DatasetChanges,
  type DatasetColumn,
  type DatasetDetailDto,
  type DatasetDto,
  type DatasetTypeOverrides,
  DATASET_UPLOAD_FIELDS,
  datasetTypeOverrides,
  datasetVersionNote,
  splitEscaped,
} from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { DomainError, notFound } from '../../common/domain-error';
import { isUuid } from '../../common/ids';
import { enforce } from '../../common/policy';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { slugify, slugWithSuffix } from '../entries/slug';
import { FILE_STORE, type FileStore } from '../files/file-store';
import { closeAfterAnswer } from '../files/upload-form';
import { GroupsService } from '../groups/groups.service';
import { AuditRepository } from '../moderation/audit.repository';
import { UserRefs } from '../moderation/user-refs';
import { ReviewNotifier } from '../realtime/review-notifier.service';
import { DatasetRowsRepository } from './dataset-rows.repository';
import { readDatasetUpload } from './dataset-upload';
import { canOnDataset } from './datasets.policy';
import { toDatasetDto, toVersionDto } from './datasets.presenter';
import { type DatasetRow, DatasetsRepository, type DatasetVersionRow } from './datasets.repository';
import { prepareRows } from './prepare-rows';

/** Datasets of a group, and uploading their versions. */
@Injectable()
export class DatasetsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(FILE_STORE) private readonly store: FileStore,
    private readonly db: DataSource,
    private readonly datasets: DatasetsRepository,
    private readonly rows: DatasetRowsRepository,
    private readonly groups: GroupsService,
    private readonly audit: AuditRepository,
    private readonly refs: UserRefs,
    private readonly notifier: ReviewNotifier,
  ) {}

  async create(actor: Actor | null, groupSlug: string, body: CreateDatasetBody): Promise<CreateDatasetResponse> {
    const group = await this.groups.requireBySlug(groupSlug);
    enforce(canOnDataset(actor, 'create', group.id), 'create datasets in this group');
    if (group.archivedAt) throw new DomainError('group_archived', 'This group is archived: it takes no new datasets');
    const base = slugify(body.title) === 'entry' ? 'dataset' : slugify(body.title);
    let slug = base;
    while (await this.datasets.slugTaken(slug)) slug = slugWithSuffix(base);
    const id = await this.datasets.insertDataset({
      slug,
      groupId: group.id,
      title: body.title,
      titleZh: body.titleZh ?? '',
      description: body.description,
      licence: body.licence,
      sourceText: body.source.text,
      sourceUrl: body.source.url ?? null,
      createdBy: actor!.id,
    });
    return { id, slug };
  }

  async listOfGroup(actor: Actor | null, groupSlug: string): Promise<DatasetDto[]> {
    const group = await this.groups.requireBySlug(groupSlug);
    enforce(canOnDataset(actor, 'read', group.id), 'see datasets');
    const rows = await this.datasets.findOfGroup(group.id);
    const ref = await this.refs.resolve(rows.map((r) => r.createdBy));
    return rows.map((r) => toDatasetDto(r, ref));
  }

  async detail(actor: Actor | null, id: string): Promise<DatasetDetailDto> {
    const dataset = await this.require(id);
    enforce(canOnDataset(actor, 'read', dataset.groupId), 'see datasets');
    const member = canOnDataset(actor, 'read_unapproved', dataset.groupId) === 'allowed';
    const versions = await this.datasets.findVersionsNewestFirst(dataset.id, !member);
    const ref = await this.refs.resolve([dataset.createdBy, ...versions.flatMap((v) => [v.uploadedBy, v.reviewedBy])]);
    return {
      ...toDatasetDto(dataset, ref),
      versions: versions.map((v) => toVersionDto(v, ref, member || v.uploadedBy === actor?.id)),
    };
  }

  async require(id: string): Promise<DatasetRow> {
    const dataset = isUuid(id) ? await this.datasets.findById(id) : null;
    if (!dataset) throw notFound('dataset_not_found', `Dataset ${id}`);
    return dataset;
  }

  /**
   * A new version from an uploaded CSV/TSV (authorised before a byte of the
   * body is read). The file is read once to validate it and infer its types;
   * the raw bytes then go to the file store, and the version row, its rows
   * table, indexes and changes are made in one transaction: a bad file or a
   * failure leaves nothing behind (a blob stored meanwhile is deleted again
   * unless another version has the same bytes).
   */
  async upload(actor: Actor | null, datasetId: string, req: IncomingMessage): Promise<CreateDatasetVersionResponse> {
    let dataset: DatasetRow;
    try {
      dataset = await this.require(datasetId);
      enforce(canOnDataset(actor, 'upload', dataset.groupId), 'upload versions of this dataset');
    } catch (err) {
      closeAfterAnswer(req);
      throw err;
    }
    const dir = await mkdtemp(join(tmpdir(), 'kh-dataset-'));
    try {
      const form = await readDatasetUpload(req, { dir, maxBytes: this.config.datasets.maxUploadBytes });
      return await this.ingest(actor!, dataset, form, {
        note: parseField(datasetVersionNote, form.fields[DATASET_UPLOAD_FIELDS.note] ?? '', 'note'),
        types: parseOverrides(form.fields[DATASET_UPLOAD_FIELDS.types]),
        key: form.fields[DATASET_UPLOAD_FIELDS.key] ? splitEscaped(form.fields[DATASET_UPLOAD_FIELDS.key], ',').map((k) => k.trim()) : undefined,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /**
   * A new version from a CSV/TSV file on this machine (the seed, scripts),
   * with the same checks, authorisation and transaction as an upload.
   */
  async ingestFile(
    actor: Actor | null,
    datasetId: string,
    file: { path: string; filename?: string; sha256: string },
    options: { note?: string; types?: DatasetTypeOverrides; key?: string[] } = {},
  ): Promise<CreateDatasetVersionResponse> {
    const dataset = await this.require(datasetId);
    enforce(canOnDataset(actor, 'upload', dataset.groupId), 'upload versions of this dataset');
    return this.ingest(actor!, dataset, file, {
      note: parseField(datasetVersionNote, options.note ?? '', 'note'),
      types: options.types ?? {},
      key: options.key,
    });
  }

  private async ingest(
    actor: Actor,
    dataset: DatasetRow,
    file: { path: string; filename?: string; sha256: string },
    options: { note: string; types: DatasetTypeOverrides; key?: string[] },
  ): Promise<CreateDatasetVersionResponse> {
    const dir = await mkdtemp(join(tmpdir(), 'kh-dataset-rows-'));
    try {
      const { note } = options;
      const askedKey = options.key && options.key.length > 0 ? options.key : null;
      const latest = await this.datasets.findLatestVersion(dataset.id);
      if (latest && latest.sha256 === file.sha256) throw new DomainError('no_changes', `This file is the same as version ${latest.number}`);
      const copyPath = join(dir, 'rows.copy');
      const prepared = await prepareRows({ csvPath: file.path, filename: file.filename, overrides: options.types, copyPath });
      const missing = (askedKey ?? []).filter((k) => !prepared.columns.some((c) => c.name === k));
      if (missing.length > 0)
        throw new DomainError('validation_failed', `key names columns the file does not have: ${missing.join(', ')}`, [
          { path: 'key', message: 'Unknown columns' },
        ]);

      const blob = await this.store.put(createReadStream(file.path));
      const versionId = randomUUID();
      let version: DatasetVersionRow;
      const runner = this.db.createQueryRunner();
      await runner.connect();
      try {
        await runner.startTransaction();
        const tx = runner.manager;
        await this.datasets.lockDataset(dataset.id, tx);
        const prev = await this.datasets.findLatestVersion(dataset.id, tx);
        await this.rows.createTable(versionId, prepared.columns, tx);
        await this.rows.load(versionId, prepared.columns.length, copyPath, runner);
        await this.rows.index(versionId, prepared.columns, tx);
        const key = askedKey ?? keyFor(prepared.columns, prev);
        const changes: DatasetChanges = prev
          ? await this.rows.changes(prev, { id: versionId, columns: prepared.columns }, key, tx)
          : {
              previous: null,
              columns: { added: prepared.columns.map((c) => c.name), removed: [], retyped: [] },
              rows: { added: prepared.rows, removed: 0, changed: 0 },
              key,
            };
        await this.datasets.insertVersion(
          {
            id: versionId,
            datasetId: dataset.id,
            number: (prev?.number ?? 0) + 1,
            sha256: blob.sha256,
            bytes: blob.bytes,
            filename: (file.filename ?? '').slice(0, 200),
            delimiter: prepared.delimiter,
            rows: prepared.rows,
            columns: prepared.columns,
            keyColumns: changes.key,
            changes,
            note,
            uploadedBy: actor.id,
          },
          tx,
        );
        await this.audit.record({ datasetId: dataset.id, datasetVersionId: versionId, actorId: actor.id, action: 'submitted', note }, tx);
        version = (await this.datasets.findVersion(versionId, tx))!;
        await runner.commitTransaction();
      } catch (err) {
        if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
        await runner.release();
        if (!(await this.datasets.isBlobReferenced(blob.sha256))) await this.store.delete(blob.sha256).catch(() => undefined);
        throw err;
      }
      await runner.release();
      this.notifier.queueChanged(dataset.groupId, {
        kind: 'submitted',
        revisionId: versionId,
        entryId: dataset.id,
        groupSlug: dataset.groupSlug,
        item: 'dataset_version',
      });
      return { id: version.id, number: version.number, sha256: version.sha256, rows: version.rows, columns: version.columns, status: 'pending' };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

/**
 * The columns that name a row, to tell changed rows from added and removed
 * ones: the previous version's key when this version still has it, otherwise
 * its date and category columns (a country and a day, say). The key is used
 * only when unique in both versions (DatasetRowsRepository.changes).
 */
export function keyFor(columns: DatasetColumn[], prev: { keyColumns: string[] } | null): string[] {
  if (prev && prev.keyColumns.length > 0 && prev.keyColumns.every((k) => columns.some((c) => c.name === k))) return prev.keyColumns;
  return columns.filter((c) => c.type === 'date' || c.type === 'category').map((c) => c.name);
}

/** `types`: JSON `{"column": "type"}` or `column:type,column:type`. */
export function parseOverrides(text: string | undefined): DatasetTypeOverrides {
  if (!text || text.trim() === '') return {};
  let raw: unknown;
  if (text.trim().startsWith('{')) {
    try {
      raw = JSON.parse(text);
    } catch {
      throw new DomainError('validation_failed', 'types is not valid JSON', [{ path: 'types', message: 'Invalid JSON' }]);
    }
  } else {
    raw = Object.fromEntries(
      splitEscaped(text, ',').map((pair) => {
        const cut = pair.lastIndexOf(':');
        return cut < 0 ? [pair.trim(), ''] : [pair.slice(0, cut).trim(), pair.slice(cut + 1).trim()];
      }),
    );
  }
  return parseField(datasetTypeOverrides, raw, 'types');
}

function parseField<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { message: string; path: PropertyKey[] }[] } } },
  value: unknown,
  path: string,
): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: [path, ...i.path.map(String)].join('.'), message: i.message }));
  throw new DomainError('validation_failed', `${path}: ${issues[0]?.message ?? 'invalid'}`, issues);
}
