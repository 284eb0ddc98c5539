import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Res,
  StreamableFile,
  UploadedFiles,
  UseInterceptors,
} from '@nestjs/common';
import { FileFieldsInterceptor } from '@nestjs/platform-express';
import type { Response } from 'express';
import { UPLOAD_LIMITS, type BundleUpload } from './bundle-upload.js';
import { ChangeStageUseCase } from './change-stage.use-case.js';
import { ModelCatalog } from './model-catalog.js';
import { PromoteModelRequest, RegisterModelFields, RollbackModelRequest } from './model-registry.requests.js';
import type {
  ModelFilesView,
  ModelVersionDetailView,
  ModelVersionView,
  StageChangeView,
} from './model-registry.views.js';
import { RegisterModelUseCase } from './register-model.use-case.js';

const CONTENT_TYPES: Record<string, string> = {
  json: 'application/json',
  md: 'text/markdown; charset=utf-8',
  png: 'image/png',
  sha256: 'text/plain; charset=utf-8',
};

@Controller('v1/models')
export class ModelsController {
  constructor(
    private readonly registerModel: RegisterModelUseCase,
    private readonly changeStage: ChangeStageUseCase,
    private readonly catalog: ModelCatalog,
  ) {}

  /**
   * Registers a bundle sent as multipart/form-data (one `files` part per file, the protocol of
   * tools/training/riskstream_training/registry.py): 201 when new, 200 when this exact bundle was already
   * registered, 422 naming why a bundle is refused, 409 when the version is registered with another bundle.
   */
  @Post()
  @UseInterceptors(
    FileFieldsInterceptor(
      [
        { name: 'manifest', maxCount: 1 },
        { name: 'files', maxCount: UPLOAD_LIMITS.files },
      ],
      // Bundle paths may have folders: keep the client's relative path; file names are UTF-8.
      { limits: { ...UPLOAD_LIMITS }, preservePath: true, defParamCharset: 'utf8' },
    ),
  )
  async register(
    @UploadedFiles() upload: BundleUpload | undefined,
    @Body() fields: RegisterModelFields,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ModelVersionView> {
    const { created, version } = await this.registerModel.execute(upload, fields);
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return version;
  }

  @Get(':modelName/versions')
  list(@Param('modelName') modelName: string): Promise<ModelVersionView[]> {
    return this.catalog.list(modelName);
  }

  @Get(':modelName/versions/:modelVersion')
  get(
    @Param('modelName') modelName: string,
    @Param('modelVersion') modelVersion: string,
  ): Promise<ModelVersionDetailView> {
    return this.catalog.get(modelName, modelVersion);
  }

  /** The version scoring must serve; 404 NO_PRODUCTION_VERSION when none (scoring then serves its default bundle). */
  @Get(':modelName/production')
  production(@Param('modelName') modelName: string): Promise<ModelVersionView> {
    return this.catalog.production(modelName);
  }

  @Get(':modelName/history')
  history(@Param('modelName') modelName: string): Promise<StageChangeView[]> {
    return this.catalog.history(modelName);
  }

  @Get(':modelName/versions/:modelVersion/files')
  files(
    @Param('modelName') modelName: string,
    @Param('modelVersion') modelVersion: string,
  ): Promise<ModelFilesView> {
    return this.catalog.files(modelName, modelVersion);
  }

  /** One file's bytes; the ETag is its sha256. */
  @Get(':modelName/versions/:modelVersion/files/*path')
  async file(
    @Param('modelName') modelName: string,
    @Param('modelVersion') modelVersion: string,
    @Param('path') path: string | string[],
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const relative = Array.isArray(path) ? path.join('/') : path;
    const { sha256, content } = await this.catalog.file(modelName, modelVersion, relative);
    res.setHeader('ETag', `"${sha256}"`);
    return new StreamableFile(content, {
      type: CONTENT_TYPES[relative.slice(relative.lastIndexOf('.') + 1)] ?? 'application/octet-stream',
      length: content.length,
    });
  }

  @Post(':modelName/versions/:modelVersion/promote')
  @HttpCode(HttpStatus.OK)
  promote(
    @Param('modelName') modelName: string,
    @Param('modelVersion') modelVersion: string,
    @Body() body: PromoteModelRequest,
  ): Promise<StageChangeView> {
    return this.changeStage.promote(modelName, modelVersion, body);
  }

  @Post(':modelName/rollback')
  @HttpCode(HttpStatus.OK)
  rollback(
    @Param('modelName') modelName: string,
    @Body() body: RollbackModelRequest,
  ): Promise<StageChangeView> {
    return this.changeStage.rollback(modelName, body);
  }
}
