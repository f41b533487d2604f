import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import * as L from '@tessera/layers';
import { sequential, model } from '../index.js';
await tf.setBackend(cpu());
const show = (m: any) => { console.log(m.constructor.name, JSON.stringify(m.getConfig()).slice(0, 3000)); console.log(m.weightEntries.map((w: any) => `${w.name} ${w.variable.name} [${w.variable.shape}] ${w.trainable}`)); };
const s = sequential({ layers: [new L.Dense({ units: 3, inputShape: [4] }), new L.BatchNormalization({})] });
try { show(s); } catch (e) { console.log(e); }
const s2 = sequential({ layers: [new L.Reshape({targetShape: [2,2], inputShape: [4]}), new L.LSTM({units: 2, returnSequences: true}), new L.GRU({units: 2}), ] });
show(s2);
const s3 = sequential({ layers: [new L.Conv2D({filters: 2, kernelSize: 3, inputShape: [8,8,1]}), new L.MaxPooling2D({poolSize: 2}), new L.DepthwiseConv2D({kernelSize: 2}), new L.SeparableConv2D({filters: 2, kernelSize: 1}), new L.Flatten({}), new L.Dropout({rate: 0.1})] });
show(s3);
const s4 = sequential({ layers: [new L.Reshape({targetShape: [2,2], inputShape: [4]}), new L.Bidirectional({layer: new L.LSTM({units: 2})}) as any] });
show(s4);
