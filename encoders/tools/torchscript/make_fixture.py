"""Test fixture of TorchScriptFrameEncoderTest: a tiny scripted CNN and its expected embeddings.

Needs Debian's PyTorch (no network at run time):

    apt-get install python3-torch
    /usr/bin/python3 encoders/tools/torchscript/make_fixture.py

writes encoders/src/test/resources/org/videosim/encoders/torchscript/{tiny-cnn.pt, expected.tsv}. The model maps
an (N, 3, 48, 64) image to an (N, 16, H, W) map; the expected embeddings are that map averaged over space and
L2-normalised, for frames whose pixels follow a formula the Java test repeats, normalised with mean 0.5 and
std 0.25.
"""
import os
import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'src', 'test', 'resources', 'org',
                   'videosim', 'encoders', 'torchscript')
W, H = 64, 48
MEAN, STD = 0.5, 0.25


class TinyCnn(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(3, 8, 3, stride=2, padding=1, bias=False)
        self.conv2 = torch.nn.Conv2d(8, 16, 3, stride=2, padding=1, bias=False)

    def forward(self, x):
        return self.conv2(torch.tanh(self.conv1(x)))


def pixel(n, y, x, c):
    """The test frames' pixels (Java: TorchScriptFrameEncoderTest.pixel)."""
    return (n * 37 + y * 5 + x * 11 + c * 71 + (x * y) % 13) % 256


def main():
    torch.manual_seed(20261125)
    model = TinyCnn().eval()
    scripted = torch.jit.script(model)
    os.makedirs(OUT, exist_ok=True)
    scripted.save(os.path.join(OUT, 'tiny-cnn.pt'))
    frames = torch.tensor([[[[pixel(n, y, x, c) for x in range(W)] for y in range(H)] for c in range(3)]
                           for n in range(3)], dtype=torch.float32)
    x = (frames / 255.0 - MEAN) / STD
    with torch.no_grad():
        e = scripted(x).mean(dim=(2, 3))
        e = e / e.norm(dim=1, keepdim=True)
    with open(os.path.join(OUT, 'expected.tsv'), 'w') as f:
        f.write('# torch %s: embeddings of test frames 0..2 (see make_fixture.py)\n' % torch.__version__)
        for n in range(e.shape[0]):
            f.write('\t'.join(repr(float(v)) for v in e[n]) + '\n')
    print('wrote', OUT)


if __name__ == '__main__':
    main()
