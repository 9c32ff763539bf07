import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { EntriesModule } from '../entries/entries.module';
import { DirectoryFileStore } from './directory-file-store';
import { FILE_STORE, type FileStore } from './file-store';
import { FilesCollector } from './files-collector.service';
import { FilesController } from './files.controller';
import { FilesRepository } from './files.repository';
import { FilesService } from './files.service';
import { PostgresFileStore } from './postgres-file-store';

@Module({
  imports: [EntriesModule],
  controllers: [FilesController],
  providers: [
    {
      provide: FILE_STORE,
      inject: [APP_CONFIG, DataSource],
      useFactory: (config: AppConfig, db: DataSource): FileStore => (config.files.dir ? new DirectoryFileStore(config.files.dir) : new PostgresFileStore(db)),
    },
    FilesRepository,
    FilesService,
    FilesCollector,
  ],
  exports: [FilesService, FilesCollector, FILE_STORE],
})
export class FilesModule {}
