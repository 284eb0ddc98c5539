import { DomainException } from '@riskstream/service-platform';
import { collectBundleFiles, isPlainRelativePath, type UploadedBundleFile } from './bundle-upload.js';

const part = (fieldname: string, originalname: string, text = originalname): UploadedBundleFile => ({
  fieldname,
  originalname,
  buffer: Buffer.from(text),
  size: text.length,
});
const bundle = [
  part('files', 'bundle.sha256'),
  part('files', 'manifest.json', '{}'),
  part('files', 'model.onnx'),
];

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return error instanceof DomainException ? `${error.status} ${error.code}` : String(error);
  }
  return undefined;
};

describe('bundle upload', () => {
  it('maps every file part by its relative path', () => {
    const files = collectBundleFiles({ files: [...bundle, part('files', 'plots/roc.png')] });
    expect([...files.keys()]).toEqual(['bundle.sha256', 'manifest.json', 'model.onnx', 'plots/roc.png']);
    expect(files.get('manifest.json')!.toString()).toBe('{}');
  });

  it.each([
    ['no upload at all', undefined],
    ['no files', { files: [] }],
    ['no bundle.sha256', { files: bundle.slice(1) }],
    ['a path escaping the folder', { files: [...bundle, part('files', '../etc/passwd')] }],
    ['an absolute path', { files: [...bundle, part('files', '/tmp/x')] }],
    ['a Windows path', { files: [...bundle, part('files', 'plots\\roc.png')] }],
    ['the same path twice', { files: [...bundle, part('files', 'model.onnx')] }],
    [
      'a manifest part differing from manifest.json',
      { files: bundle, manifest: [part('manifest', 'x', '{"a":1}')] },
    ],
    [
      'two manifest parts',
      { files: bundle, manifest: [part('manifest', 'm', '{}'), part('manifest', 'm', '{}')] },
    ],
  ])('refuses %s with 400 INVALID_UPLOAD', (_label, upload) => {
    expect(codeOf(() => collectBundleFiles(upload))).toBe('400 INVALID_UPLOAD');
  });

  it("accepts the training pipeline's extra manifest part when it equals manifest.json", () => {
    expect(
      collectBundleFiles({ files: bundle, manifest: [part('manifest', 'manifest.json', '{}')] }).size,
    ).toBe(3);
  });

  it.each([
    ['a.json', true],
    ['sub/a.png', true],
    ['', false],
    ['a//b', false],
    ['./a', false],
    ['a/..', false],
    ['a\0b', false],
  ])('path %j is plain: %s', (path, plain) => {
    expect(isPlainRelativePath(path)).toBe(plain);
  });
});
