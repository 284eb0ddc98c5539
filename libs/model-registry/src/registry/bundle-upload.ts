import { HttpStatus } from '@nestjs/common';
import { BUNDLE_SHA_FILE } from '@riskstream/scoring';
import { DomainException } from '@riskstream/service-platform';
import { ModelRegistryErrorCode } from './model-registry-error-code.js';

/** A file part of a multipart upload, as multer's memory storage hands it over. */
export interface UploadedBundleFile {
  fieldname: string;
  /** The part's filename: the file's path relative to the bundle folder ('/' separated). */
  originalname: string;
  buffer: Buffer;
  size: number;
}

/** The file parts of a registration (tools/training/riskstream_training/registry.py sends both fields). */
export interface BundleUpload {
  /** Optional: the manifest again, as its own part. Must equal files' manifest.json. */
  manifest?: UploadedBundleFile[];
  /** One part per bundle file, bundle.sha256 included. */
  files?: UploadedBundleFile[];
}

/** Upload limits (per request); a bundle is ~500 KB, the largest models a few MB. */
export const UPLOAD_LIMITS = {
  /** Bytes per file. */
  fileSize: 64 * 1024 * 1024,
  /** File parts per request. */
  files: 64,
  /** Text fields per request, and bytes per text field. */
  fields: 8,
  fieldSize: 4 * 1024,
} as const;

/** The same rule bundle.sha256 applies to its paths: relative, '/' separated, no '', '.' or '..' segment. */
export function isPlainRelativePath(path: string): boolean {
  if (path.length === 0 || path.length > 512) return false;
  if (path.startsWith('/') || path.includes('\\') || path.includes('\0')) return false;
  return path.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

const invalid = (message: string): DomainException =>
  new DomainException(ModelRegistryErrorCode.InvalidUpload, message, HttpStatus.BAD_REQUEST);

/**
 * The bundle's files by relative path, refusing uploads that could not be a bundle folder: no files, a name that is
 * not a plain relative path (it is written to disk for verification), the same path twice, a `manifest` part that
 * differs from the bundle's manifest.json. Whether the files form a valid bundle is checked afterwards.
 */
export function collectBundleFiles(upload: BundleUpload | undefined): Map<string, Buffer> {
  const parts = upload?.files ?? [];
  if (parts.length === 0)
    throw invalid(
      'send the bundle as multipart/form-data with one "files" part per bundle file (filename = its path in the bundle, bundle.sha256 included)',
    );
  const files = new Map<string, Buffer>();
  for (const part of parts) {
    const path = part.originalname;
    if (!isPlainRelativePath(path))
      throw invalid(`file name ${JSON.stringify(path)} is not a plain relative path of the bundle folder`);
    if (files.has(path)) throw invalid(`file ${path} is sent twice`);
    files.set(path, part.buffer);
  }
  if (!files.has(BUNDLE_SHA_FILE)) throw invalid(`the upload has no ${BUNDLE_SHA_FILE}`);
  const [manifestPart, ...extra] = upload?.manifest ?? [];
  if (extra.length > 0) throw invalid('send at most one "manifest" part');
  if (manifestPart) {
    const manifest = files.get('manifest.json');
    if (!manifest || !manifest.equals(manifestPart.buffer))
      throw invalid('the "manifest" part differs from the bundle\'s manifest.json');
  }
  return files;
}
